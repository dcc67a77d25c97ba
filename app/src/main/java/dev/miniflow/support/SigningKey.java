package dev.miniflow.support;

import org.springframework.modulith.NamedInterface;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.SecureRandom;
import java.util.Base64;
import org.springframework.stereotype.Component;

/**
 * Miniflow's own HMAC key, for what it signs (publication bundles, invitation links). From
 * {@code miniflow.signing-key}, or generated once into the data directory (embedded default).
 */
@Component
@NamedInterface("api")
public class SigningKey {
  private final byte[] key;

  SigningKey(MiniflowSettings settings) {
    this.key = settings.signingKey().isBlank() ? keyFile(Path.of(settings.dataDir(), "signing.key"))
        : settings.signingKey().getBytes(StandardCharsets.UTF_8);
  }

  public String sign(String content) {
    return Hmac.sha256Hex(key, content);
  }

  public boolean verify(String content, String signature) {
    return Hmac.matches(key, content, signature);
  }

  /** A key of its own for one purpose, derived from this one (HMAC-SHA256 of the purpose), so neither reveals the other. */
  byte[] derive(String purpose) {
    return java.util.HexFormat.of().parseHex(Hmac.sha256Hex(key, "miniflow-derived-key:" + purpose));
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
