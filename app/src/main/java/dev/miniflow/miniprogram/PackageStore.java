package dev.miniflow.miniprogram;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Package files under {@code <data-dir>/packages}. Uploads are streamed to a staging file while
 * hashed and counted, so a package is never held in memory and an oversized one is cut off early.
 */
@Component
class PackageStore {
  private final Path root;

  PackageStore(@Value("${miniflow.data-dir}") String dataDir) {
    this.root = Path.of(dataDir).toAbsolutePath().normalize().resolve("packages");
  }

  record Staged(Path file, String sha256, long bytes) {}

  /** Thrown when the stream is longer than allowed; the staged bytes are already deleted. */
  static class TooLarge extends RuntimeException {
    TooLarge() {
      super("too large");
    }
  }

  Staged stage(InputStream content, long maxBytes) {
    try {
      Files.createDirectories(root.resolve("staging"));
      Path file = Files.createTempFile(root.resolve("staging"), "upload-", ".zip");
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      long total = 0;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha)) {
        byte[] buffer = new byte[64 * 1024];
        for (int n; (n = content.read(buffer)) > 0; ) {
          total += n;
          if (total > maxBytes) {
            throw new TooLarge();
          }
          out.write(buffer, 0, n);
        }
      } catch (IOException | RuntimeException e) {
        Files.deleteIfExists(file);
        throw e;
      }
      return new Staged(file, HexFormat.of().formatHex(sha.digest()), total);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  /** Moves a staged package to its final place and returns its path relative to the store. */
  String keep(Staged staged, long miniProgramId) {
    try {
      String relative = miniProgramId + "/" + UUID.randomUUID() + ".zip";
      Path target = root.resolve(relative);
      Files.createDirectories(target.getParent());
      Files.move(staged.file(), target, StandardCopyOption.ATOMIC_MOVE);
      return relative;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  Path resolve(String relative) {
    Path path = root.resolve(relative).normalize();
    if (!path.startsWith(root)) {
      throw new IllegalArgumentException("Package path outside the store");
    }
    return path;
  }

  String sha256Of(String relative) {
    try (InputStream in = Files.newInputStream(resolve(relative))) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[64 * 1024];
      for (int n; (n = in.read(buffer)) > 0; ) {
        sha.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a stray staging file is harmless; it is never referenced
    }
  }
}
