package dev.miniflow.release;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.support.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.time.Clock;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Signs publication bundles so a partner app can tell a bundle came from Miniflow unaltered. */
@Component
class PublicationSigner {
  private final SigningKey key;
  private final ObjectMapper json;
  private final Clock clock;

  PublicationSigner(SigningKey key, ObjectMapper json, Clock clock) {
    this.key = key;
    this.json = json;
    this.clock = clock;
  }

  /** A bundle as a partner receives it: the manifest's JSON, its checksum and our signature of it. */
  record SignedBundle(String content, String sha256, String signature) {}

  /** The manifest, stamped with the time it was built, as JSON, with its checksum and signature. */
  SignedBundle sign(Map<String, Object> manifest) {
    Map<String, Object> stamped = new LinkedHashMap<>(manifest);
    stamped.put("builtAt", clock.instant().toString());
    String content;
    try {
      content = json.writeValueAsString(stamped);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    return new SignedBundle(content, sha256(content), key.sign(content));
  }

  boolean verify(String content, String signature) {
    return key.verify(content, signature);
  }

  static String sha256(String content) {
    try {
      return HexFormat.of()
          .formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
