package dev.miniflow.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.Signature;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * An auditor's offline check of a bundle (the app's EvidenceBundleTest checks bundles Miniflow
 * made): a bundle put together by hand, with a second evidence.json for unzip to show, is refused.
 */
class VerifyEvidenceCommandTest {
  @TempDir Path dir;
  private KeyPair key;
  private Path publicKey;
  private byte[] evidence;
  private byte[] signature;

  @BeforeEach
  void signedEvidence() throws Exception {
    key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    publicKey = dir.resolve("ed25519-1.pub");
    Files.writeString(publicKey, Base64.getEncoder().encodeToString(key.getPublic().getEncoded()));
    evidence = new JsonCanonicalizer("{\"kind\":\"release\",\"release\":{\"id\":42},\"workspace\":{\"name\":\"Acme\"},"
        + "\"generatedAt\":\"2026-12-03T10:00:00.5Z\",\"keyId\":\"ed25519-1\"}").getEncodedUTF8();
    Signature ed = Signature.getInstance("Ed25519");
    ed.initSign(key.getPrivate());
    ed.update(evidence);
    signature = ed.sign();
  }

  @Test
  void aGenuineBundleVerifiesAndSaysWhichBytesWereVerified() throws Exception {
    Path bundle = zip("bundle.zip", Map.of("evidence.json", evidence, "evidence.sig", signature));
    String[] result = cli("verify-evidence", "--public-key", publicKey.toString(), bundle.toString());
    assertThat(result[0]).as(result[2]).isEqualTo("0");
    assertThat(result[1]).contains("verified: the evidence of release 42 in workspace Acme",
        "signed with key ed25519-1",
        "evidence.json SHA-256 " + java.util.HexFormat.of().formatHex(
            java.security.MessageDigest.getInstance("SHA-256").digest(evidence)));
  }

  @Test
  void evidenceDatedAfterItsKeysRetirementIsRefused() throws Exception {
    Path bundle = zip("bundle.zip", Map.of("evidence.json", evidence, "evidence.sig", signature));
    // retired after the evidence was generated: it still verifies
    Files.writeString(dir.resolve("ed25519-1.retired"), "2026-12-03T10:00:01Z");
    String[] before = cli("verify-evidence", "--public-key", publicKey.toString(), bundle.toString());
    assertThat(before[0]).as(before[2]).isEqualTo("0");
    assertThat(before[1]).contains("retired 2026-12-03T10:00:01Z (after this evidence was generated)");
    // retired before: whoever signed held a key that no longer signs
    Files.writeString(dir.resolve("ed25519-1.retired"), "2026-12-03T10:00:00Z");
    String[] after = cli("verify-evidence", "--public-key", publicKey.toString(), bundle.toString());
    assertThat(after[0]).isEqualTo("5");
    assertThat(after[2]).contains("after its key ed25519-1 was retired");
  }

  @Test
  void aBundleWithASecondEvidenceFileIsRefused() throws Exception {
    Path bundle = withForgedEvidenceX("two.zip");
    // the third file takes the first one's name, in its stored header and in the zip's directory
    Files.write(bundle, replace(Files.readAllBytes(bundle), "evidencX.json", "evidence.json"));
    String[] result = cli("verify-evidence", "--public-key", publicKey.toString(), bundle.toString());
    assertThat(result[0]).isEqualTo("5");
    assertThat(result[2]).contains("not verified", "evidence.json twice");
  }

  @Test
  void aBundleWhoseDirectoryNamesAnotherFileEvidenceIsRefused() throws Exception {
    Path bundle = withForgedEvidenceX("swapped.zip");
    // only the zip's directory swaps the two names: unzip would show the forged file as evidence.json, while
    // the stored headers still give the signed one that name
    byte[] bytes = Files.readAllBytes(bundle);
    int genuine = last(bytes, "evidence.json");
    int other = last(bytes, "evidencX.json");
    System.arraycopy("evidencX.json".getBytes(StandardCharsets.US_ASCII), 0, bytes, genuine, 13);
    System.arraycopy("evidence.json".getBytes(StandardCharsets.US_ASCII), 0, bytes, other, 13);
    Files.write(bundle, bytes);
    String[] result = cli("verify-evidence", "--public-key", publicKey.toString(), bundle.toString());
    assertThat(result[0]).as(result[1]).isEqualTo("5");
    assertThat(result[2]).contains("not verified", "lists other files than it stores");
  }

  @Test
  void somethingThatIsNotAZipDoesNotVerify() throws Exception {
    Path bundle = dir.resolve("notes.zip");
    Files.writeString(bundle, "not a zip at all");
    String[] result = cli("verify-evidence", "--public-key", publicKey.toString(), bundle.toString());
    assertThat(result[0]).isEqualTo("5");
    assertThat(result[2]).contains("not verified");
  }

  /** The signed bundle with a third file, evidencX.json: the evidence with one name changed, unsigned. */
  private Path withForgedEvidenceX(String name) throws IOException {
    byte[] forged = new String(evidence, StandardCharsets.UTF_8).replace("Acme", "Evil")
        .getBytes(StandardCharsets.UTF_8);
    Map<String, byte[]> files = new LinkedHashMap<>();
    files.put("evidence.json", evidence);
    files.put("evidence.sig", signature);
    files.put("evidencX.json", forged);
    return zip(name, files);
  }

  private Path zip(String name, Map<String, byte[]> files) throws IOException {
    var bytes = new ByteArrayOutputStream();
    try (var zip = new ZipOutputStream(bytes)) {
      for (var file : files.entrySet()) {
        zip.putNextEntry(new ZipEntry(file.getKey()));
        zip.write(file.getValue());
        zip.closeEntry();
      }
    }
    return Files.write(dir.resolve(name), bytes.toByteArray());
  }

  /** Where the name last occurs: in the zip's directory, which follows the stored files. */
  private static int last(byte[] bytes, String name) {
    byte[] find = name.getBytes(StandardCharsets.US_ASCII);
    for (int i = bytes.length - find.length; i >= 0; i--) {
      if (java.util.Arrays.equals(bytes, i, i + find.length, find, 0, find.length)) {
        return i;
      }
    }
    throw new AssertionError(name + " is not in the zip");
  }

  private static byte[] replace(byte[] bytes, String from, String to) {
    byte[] find = from.getBytes(StandardCharsets.US_ASCII);
    byte[] with = to.getBytes(StandardCharsets.US_ASCII);
    for (int i = 0; i + find.length <= bytes.length; i++) {
      if (java.util.Arrays.equals(bytes, i, i + find.length, find, 0, find.length)) {
        System.arraycopy(with, 0, bytes, i, with.length);
      }
    }
    return bytes;
  }

  private static String[] cli(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit = MiniflowCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new String[] {String.valueOf(exit), out.toString(), err.toString()};
  }
}
