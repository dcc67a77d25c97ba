package dev.miniflow.support;

import org.springframework.modulith.NamedInterface;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** HMAC-SHA256 signatures as lower-case hex, compared in constant time. */
@NamedInterface("api")
public final class Hmac {
  private Hmac() {}

  public static String sha256Hex(byte[] key, String content) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      return HexFormat.of().formatHex(mac.doFinal(content.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  public static boolean matches(byte[] key, String content, String signatureHex) {
    if (signatureHex == null) {
      return false;
    }
    return MessageDigest.isEqual(sha256Hex(key, content).getBytes(StandardCharsets.US_ASCII),
        signatureHex.strip().toLowerCase().getBytes(StandardCharsets.US_ASCII));
  }
}
