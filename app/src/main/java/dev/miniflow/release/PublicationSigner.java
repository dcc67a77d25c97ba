package dev.miniflow.release;

import dev.miniflow.support.SigningKey;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import org.springframework.stereotype.Component;

/** Signs publication bundles so a partner app can tell a bundle came from Miniflow unaltered. */
@Component
class PublicationSigner {
  private final SigningKey key;

  PublicationSigner(SigningKey key) {
    this.key = key;
  }

  String sign(String content) {
    return key.sign(content);
  }

  boolean verify(String content, String signature) {
    return key.verify(content, signature);
  }

  static String sha256(String content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }
}
