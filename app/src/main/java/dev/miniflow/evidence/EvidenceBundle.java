package dev.miniflow.evidence;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.erdtman.jcs.JsonCanonicalizer;
import org.springframework.stereotype.Component;

/**
 * A signed evidence bundle, as a zip an auditor checks offline with nothing but Miniflow's public
 * key: {@code evidence.json} is the evidence in the canonical JSON form of RFC 8785 (JCS), exactly
 * the bytes signed; {@code evidence.sig} is their raw Ed25519 signature; {@code signature.json}
 * names the key; {@code VERIFY.txt} says how (openssl, or any Ed25519 library). Canonical bytes
 * mean a reader who parses the JSON and writes it again in JCS gets the very bytes back.
 */
@Component
class EvidenceBundle {
  static final String EVIDENCE = "evidence.json";
  static final String SIGNATURE = "evidence.sig";
  static final String FORMAT = "miniflow-evidence/1";

  private final EvidenceKeys keys;
  private final ObjectMapper json;

  EvidenceBundle(EvidenceKeys keys, ObjectMapper json) {
    this.keys = keys;
    this.json = json;
  }

  /** The canonical bytes (RFC 8785) of a JSON value. */
  static byte[] canonical(ObjectMapper json, JsonNode evidence) {
    try {
      return new JsonCanonicalizer(json.writeValueAsString(evidence)).getEncodedUTF8();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The zip of the evidence, signed now with the installation's current key, which the evidence names. */
  byte[] signed(String name, com.fasterxml.jackson.databind.node.ObjectNode evidence) {
    EvidenceKeys.Current key = keys.current();
    // inside the signed bytes, unlike signature.json: which published key must verify it, and whether it was
    // retired when the evidence says it was generated
    evidence.put("keyId", key.id());
    byte[] content = canonical(json, evidence);
    byte[] signature = keys.sign(key, content);
    String publicKey = keys.publicKeyFile(key.id()).orElseThrow();
    var out = new ByteArrayOutputStream();
    try (var zip = new ZipOutputStream(out, StandardCharsets.UTF_8)) {
      entry(zip, EVIDENCE, content);
      entry(zip, SIGNATURE, signature);
      entry(zip, "signature.json", json.writerWithDefaultPrettyPrinter().writeValueAsBytes(java.util.Map.of(
          "algorithm", "Ed25519", "keyId", key.id(), "signs", EVIDENCE, "canonicalization", "RFC 8785 (JCS)",
          "signature", Base64.getEncoder().encodeToString(signature))));
      entry(zip, key.id() + ".pem", pem(publicKey).getBytes(StandardCharsets.US_ASCII));
      entry(zip, "VERIFY.txt", verify(name, key.id()).getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return out.toByteArray();
  }

  /** A public key (base64 X.509, as in the key directory and GET /api/v1/evidence-keys) as PEM, for openssl. */
  static String pem(String base64) {
    StringBuilder pem = new StringBuilder("-----BEGIN PUBLIC KEY-----\n");
    for (int i = 0; i < base64.length(); i += 64) {
      pem.append(base64, i, Math.min(base64.length(), i + 64)).append('\n');
    }
    return pem.append("-----END PUBLIC KEY-----\n").toString();
  }

  private static void entry(ZipOutputStream zip, String name, byte[] content) throws IOException {
    zip.putNextEntry(new ZipEntry(name));
    zip.write(content);
    zip.closeEntry();
  }

  private static String verify(String name, String keyId) {
    return """
        Evidence of %1$s, signed by Miniflow's evidence key %2$s (Ed25519).

        evidence.json  the evidence, in the canonical JSON form of RFC 8785 (JCS): exactly the bytes signed
        evidence.sig   their raw Ed25519 signature (64 bytes; base64 in signature.json)
        %2$s.pem  the public key, for convenience: check it against the key the operator
                  published (GET /api/v1/evidence-keys, or their key directory's %2$s.pub) before trusting it

        To verify, offline, with OpenSSL 3:

          openssl pkeyutl -verify -pubin -inkey %2$s.pem -rawin -in evidence.json -sigfile evidence.sig

        It prints "Signature Verified Successfully" when evidence.json is what Miniflow signed; any change to
        a single byte fails. Any Ed25519 library does the same: verify evidence.sig over the bytes of
        evidence.json with the public key (X.509 SubjectPublicKeyInfo, base64 in the .pem).

        Inside, the audit entries carry their position in the workspace's hash chain: entryHash is the
        SHA-256 (hex) of the entry's "canonical" text, chainHash the SHA-256 of the previous chainHash
        followed by entryHash. An audit export taken later must show the same hashes at the same positions.
        """.formatted(name, keyId);
  }
}
