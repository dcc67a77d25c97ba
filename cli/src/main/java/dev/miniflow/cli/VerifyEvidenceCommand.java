package dev.miniflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Arrays;
import java.util.Base64;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.zip.ZipFile;
import java.util.zip.ZipInputStream;
import org.erdtman.jcs.JsonCanonicalizer;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;
import picocli.CommandLine.Model.CommandSpec;

/**
 * Checks an evidence bundle offline, with the public key the operator published and nothing
 * else: evidence.sig must be the key's Ed25519 signature of evidence.json, which must be in its
 * canonical form (RFC 8785). It calls no one.
 */
@Command(name = "verify-evidence", mixinStandardHelpOptions = true,
    description = "Verifies an evidence bundle (zip) offline with Miniflow's public key; exits 5 if it does not"
        + " verify.")
final class VerifyEvidenceCommand implements Callable<Integer> {
  /** A bundle is a few files of JSON: anything larger is not one. */
  private static final int MAX_ENTRY_BYTES = 64 * 1024 * 1024;
  /** evidence.json, evidence.sig, signature.json, the key's .pem and VERIFY.txt. */
  private static final int MAX_ENTRIES = 8;

  @Spec CommandSpec spec;

  @Option(names = "--public-key", required = true,
      description = "The public key: the .pem, or the key directory's <id>.pub (base64), as the operator published it") Path publicKey;

  @Parameters(index = "0", description = "The bundle, e.g. release-42-evidence.zip") Path bundle;

  @Override
  public Integer call() throws IOException {
    var err = spec.commandLine().getErr();
    Map<String, byte[]> files;
    try {
      files = unzip(bundle);
    } catch (NotABundle e) {
      err.println("not verified: " + e.getMessage());
      return MiniflowCli.NOT_VERIFIED;
    }
    byte[] evidence = files.get("evidence.json");
    byte[] signature = files.get("evidence.sig");
    if (evidence == null || signature == null) {
      err.println("not verified: " + bundle + " has no evidence.json and evidence.sig: not an evidence bundle");
      return MiniflowCli.NOT_VERIFIED;
    }
    if (!verifies(key(publicKey), evidence, signature)) {
      err.println("not verified: evidence.json is not what this key signed (changed, or signed by another key)");
      return MiniflowCli.NOT_VERIFIED;
    }
    if (!Arrays.equals(new JsonCanonicalizer(new String(evidence, StandardCharsets.UTF_8)).getEncodedUTF8(),
        evidence)) {
      err.println("not verified: evidence.json is signed but not in canonical JSON form (RFC 8785)");
      return MiniflowCli.NOT_VERIFIED;
    }
    JsonNode content = new ObjectMapper().readTree(evidence);
    String keyId = content.path("keyId").asText();
    String retired = retiredAt(keyId);
    if (retired != null && !before(content.path("generatedAt").asText(), retired)) {
      err.println("not verified: the evidence says it was generated at " + content.path("generatedAt").asText()
          + ", after its key " + keyId + " was retired (" + retired + ", " + keyId + ".retired)");
      return MiniflowCli.NOT_VERIFIED;
    }
    String kind = content.path("kind").asText();
    spec.commandLine().getOut().println("verified: the evidence of " + kind + " "
        + content.path(kind).path("id").asText() + " in workspace " + content.path("workspace").path("name").asText()
        + ", generated " + content.path("generatedAt").asText() + ", is what the key signed");
    if (!keyId.isEmpty()) {
      spec.commandLine().getOut().println("signed with key " + keyId + (retired == null ? ""
          : ", retired " + retired + " (after this evidence was generated)"));
    }
    // so the auditor can tell that the evidence.json they read is the one verified here
    spec.commandLine().getOut().println("evidence.json SHA-256 " + sha256(evidence));
    return 0;
  }

  /**
   * The bundle's files, read twice: in the order they are stored (as streaming readers see them) and
   * through the central directory (as unzip and file managers see them). Both must hold the same
   * files with the same bytes and no name twice: otherwise a second evidence.json could be shown to
   * the auditor while another one is verified.
   */
  private static Map<String, byte[]> unzip(Path zip) throws IOException {
    Map<String, byte[]> stored = new HashMap<>();
    try (InputStream file = Files.newInputStream(zip); var in = new ZipInputStream(file)) {
      for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        add(stored, entry.getName(), in, zip, "holds");
      }
    }
    Map<String, byte[]> listed = new HashMap<>();
    try (var central = new ZipFile(zip.toFile())) {
      for (var entries = central.entries(); entries.hasMoreElements();) {
        var entry = entries.nextElement();
        try (InputStream in = central.getInputStream(entry)) {
          add(listed, entry.getName(), in, zip, "lists");
        }
      }
    } catch (java.util.zip.ZipException e) {
      throw new NotABundle(zip + " is not a readable zip (" + e.getMessage() + ")");
    }
    if (!listed.keySet().equals(stored.keySet())
        || listed.entrySet().stream().anyMatch(e -> !Arrays.equals(e.getValue(), stored.get(e.getKey())))) {
      throw new NotABundle(zip + " lists other files than it stores: it was put together by hand");
    }
    return stored;
  }

  /** One more of the bundle's files, as one of its two readings ("holds", "lists") sees it. */
  private static void add(Map<String, byte[]> files, String name, InputStream in, Path zip, String reading)
      throws IOException {
    if (files.size() == MAX_ENTRIES) {
      throw new NotABundle(zip + " " + reading + " more files than an evidence bundle does");
    }
    byte[] content = in.readNBytes(MAX_ENTRY_BYTES + 1);
    if (content.length > MAX_ENTRY_BYTES) {
      throw new NotABundle(name + " in " + zip + " is larger than an evidence bundle's files are");
    }
    if (files.put(name, content) != null) {
      throw new NotABundle(zip + " " + reading + " " + name + " twice");
    }
  }

  private static String sha256(byte[] content) {
    try {
      return java.util.HexFormat.of().formatHex(java.security.MessageDigest.getInstance("SHA-256").digest(content));
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The file is not a well-formed bundle: it does not verify. */
  private static final class NotABundle extends IOException {
    NotABundle(String message) {
      super(message);
    }
  }

  /**
   * When the key was retired, from {@code <key id>.retired} beside the public key (a copy of the key
   * directory's public side has them), or null.
   */
  private String retiredAt(String keyId) throws IOException {
    if (!keyId.matches("[A-Za-z0-9-]{1,40}")) {
      return null;
    }
    Path dir = publicKey.toAbsolutePath().getParent();
    Path retired = dir == null ? null : dir.resolve(keyId + ".retired");
    return retired != null && Files.isRegularFile(retired) ? Files.readString(retired).strip() : null;
  }

  /** Whether one instant (ISO 8601) is before the other; what does not parse is not before anything. */
  private static boolean before(String instant, String other) {
    try {
      return java.time.Instant.parse(instant).isBefore(java.time.Instant.parse(other));
    } catch (java.time.format.DateTimeParseException e) {
      return false;
    }
  }

  /** A PEM public key, or the bare base64 of a key directory's .pub file. */
  private static PublicKey key(Path file) throws IOException {
    String text = Files.readString(file, StandardCharsets.US_ASCII).replaceAll("-----[A-Z ]+-----", "")
        .replaceAll("\\s", "");
    try {
      return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
          .decode(text)));
    } catch (GeneralSecurityException | IllegalArgumentException e) {
      throw new IOException(file + " is not an Ed25519 public key (PEM or base64 X.509)", e);
    }
  }

  private static boolean verifies(PublicKey key, byte[] content, byte[] signature) {
    try {
      Signature ed = Signature.getInstance("Ed25519");
      ed.initVerify(key);
      ed.update(content);
      return ed.verify(signature);
    } catch (GeneralSecurityException e) {
      return false;
    }
  }
}
