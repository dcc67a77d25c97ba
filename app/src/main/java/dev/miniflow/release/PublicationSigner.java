package dev.miniflow.release;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import dev.miniflow.support.Hmac;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Signs publication bundles with HMAC-SHA256 so a partner app can tell a bundle came from Miniflow
 * unaltered. The key comes from {@code miniflow.signing-key}, or is generated once into the data
 * directory (embedded default).
 */
@Component
class PublicationSigner {
  private final byte[] key;

  PublicationSigner(@Value("${miniflow.signing-key:}") String configuredKey,
      @Value("${miniflow.data-dir}") String dataDir) {
    this.key = configuredKey.isBlank() ? keyFile(Path.of(dataDir, "signing.key")) : configuredKey.getBytes(StandardCharsets.UTF_8);
  }

  String sign(String content) {
    return Hmac.sha256Hex(key, content);
  }

  boolean verify(String content, String signature) {
    return Hmac.matches(key, content, signature);
  }

  static String sha256(String content) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content.getBytes(StandardCharsets.UTF_8)));
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  private static byte[] keyFile(Path file) {
    try {
      if (!Files.exists(file)) {
        Files.createDirectories(file.toAbsolutePath().getParent());
        byte[] fresh = new byte[32];
        new SecureRandom().nextBytes(fresh);
        Files.writeString(file, Base64.getEncoder().encodeToString(fresh));
        try {
          Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
        } catch (UnsupportedOperationException ignored) {
          // not a POSIX file system
        }
      }
      return Base64.getDecoder().decode(Files.readString(file).strip());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
