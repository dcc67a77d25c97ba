package dev.miniflow.support;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import org.springframework.modulith.NamedInterface;

/** SHA-256 digests in lower-case hex, as Miniflow shows and sends them. */
@NamedInterface("api")
public final class Sha256 {
  private Sha256() {}

  public static String hex(byte[] content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  public static String hex(String content) {
    return hex(content.getBytes(StandardCharsets.UTF_8));
  }
}
