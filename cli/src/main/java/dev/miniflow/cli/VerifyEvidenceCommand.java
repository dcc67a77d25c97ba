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

  @Spec CommandSpec spec;

  @Option(names = "--public-key", required = true,
      description = "The public key: the .pem, or the key directory's <id>.pub (base64), as the operator published it") Path publicKey;

  @Parameters(index = "0", description = "The bundle, e.g. release-42-evidence.zip") Path bundle;

  @Override
  public Integer call() throws IOException {
    Map<String, byte[]> files = unzip(bundle);
    byte[] evidence = files.get("evidence.json");
    byte[] signature = files.get("evidence.sig");
    var err = spec.commandLine().getErr();
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
    String kind = content.path("kind").asText();
    spec.commandLine().getOut().println("verified: the evidence of " + kind + " "
        + content.path(kind).path("id").asText() + " in workspace " + content.path("workspace").path("name").asText()
        + ", generated " + content.path("generatedAt").asText() + ", is what the key signed");
    return 0;
  }

  private static Map<String, byte[]> unzip(Path zip) throws IOException {
    Map<String, byte[]> files = new HashMap<>();
    try (InputStream file = Files.newInputStream(zip); var in = new ZipInputStream(file)) {
      for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        byte[] content = in.readNBytes(MAX_ENTRY_BYTES + 1);
        if (content.length > MAX_ENTRY_BYTES) {
          throw new IOException(entry.getName() + " in " + zip + " is larger than an evidence bundle's files are");
        }
        files.put(entry.getName(), content);
      }
    }
    return files;
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
