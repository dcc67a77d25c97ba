package dev.miniflow.miniprogram;

import dev.miniflow.support.MiniflowSettings;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.UUID;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionSynchronization;
import org.springframework.transaction.support.TransactionSynchronizationManager;

/**
 * Where packages live. Uploads are streamed to a staging file under {@code <data-dir>/packages}
 * while hashed and counted, so a package is never held in memory and an oversized one is cut off
 * early. A kept package goes where {@code miniflow.packages.store} says: {@code filesystem} (the
 * embedded default: a file under {@code <data-dir>/packages}) or {@code postgres} (the external
 * profile: a large object, so every instance on the database serves it). Reads follow the version
 * row, whichever store wrote it, and always check the bytes against the row's SHA-256.
 */
@Component
class PackageStore {
  private final Path root;
  private final boolean inPostgres;
  private final LargeObjectPackages largeObjects;

  PackageStore(MiniflowSettings miniflow, PackageStorage storage, LargeObjectPackages largeObjects) {
    this.root = Path.of(miniflow.dataDir()).toAbsolutePath().normalize().resolve("packages");
    this.inPostgres = storage.store() == PackageStorage.Store.POSTGRES;
    this.largeObjects = largeObjects;
  }

  record Staged(Path file, String sha256, long bytes) {}

  /** Where a kept package is: a file relative to the store, or a large object. Exactly one is set. */
  record Location(String file, Long oid) {}

  /** Thrown when the stream is longer than allowed; the staged bytes are already deleted. */
  static class TooLarge extends RuntimeException {
    TooLarge() {
      super("too large");
    }
  }

  /** A stored package that is gone or no longer the bytes that were uploaded: never served. */
  static class Damaged extends InvalidPackageException {
    Damaged(String message) {
      super(PackageProblem.CORRUPT_ENTRY, message);
    }
  }

  /**
   * A local file with a stored package's bytes, already checked against its SHA-256. Closing it
   * deletes it when it was a copy made for this read.
   */
  final class Opened implements AutoCloseable {
    private final Path file;
    private final boolean temporary;

    private Opened(Path file, boolean temporary) {
      this.file = file;
      this.temporary = temporary;
    }

    Path file() {
      return file;
    }

    @Override
    public void close() {
      if (temporary) {
        deleteQuietly(file);
      }
    }
  }

  Staged stage(InputStream content, long maxBytes) {
    try {
      Path file = newStagingFile("upload-");
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      long total = 0;
      try (OutputStream out = new DigestOutputStream(Files.newOutputStream(file), sha)) {
        byte[] buffer = new byte[LargeObjectPackages.CHUNK];
        for (int n; (n = content.read(buffer)) > 0;) {
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

  /**
   * Keeps a staged package, on the current transaction: a large object commits or rolls back with
   * the version row written next to it; a file is moved into place and deleted again if that
   * transaction does not commit. The staging file is gone afterwards either way.
   */
  Location keep(Staged staged, long miniProgramId) {
    if (inPostgres) {
      try {
        return new Location(null, largeObjects.write(staged.file()));
      } finally {
        deleteQuietly(staged.file());
      }
    }
    try {
      String relative = miniProgramId + "/" + UUID.randomUUID() + ".zip";
      Path target = resolve(relative);
      Files.createDirectories(target.getParent());
      Files.move(staged.file(), target, StandardCopyOption.ATOMIC_MOVE);
      deleteIfRolledBack(target);
      return new Location(relative, null);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** The version's package as a local file, after checking its bytes; a mismatch is {@link Damaged}. */
  Opened open(AppVersion version) {
    if (version.packageOid() != null) {
      Path copy = newStagingFile("read-");
      try {
        LargeObjectPackages.Read read = largeObjects.copy(version.packageOid(), copy, version.packageBytes());
        if (read.missing()) {
          throw new Damaged("The stored package of version " + version.version() + " is missing");
        }
        check(version, read.sha256(), read.tooLong() ? "more than " + version.packageBytes() + " bytes" : null);
        return new Opened(copy, true);
      } catch (RuntimeException e) {
        deleteQuietly(copy);
        throw e;
      }
    }
    Path file = resolve(version.packageFile());
    check(version, sha256Of(file, version), null);
    return new Opened(file, false);
  }

  private static void check(AppVersion version, String actual, String tooLong) {
    if (tooLong != null || !actual.equals(version.sha256())) {
      throw new Damaged("The stored package no longer matches its checksum (expected " + version.sha256()
          + ", found " + (tooLong != null ? tooLong : actual) + ")");
    }
  }

  private Path resolve(String relative) {
    Path path = root.resolve(relative).normalize();
    if (!path.startsWith(root)) {
      throw new IllegalArgumentException("Package path outside the store");
    }
    return path;
  }

  private static String sha256Of(Path file, AppVersion version) {
    try (InputStream in = Files.newInputStream(file)) {
      MessageDigest sha = MessageDigest.getInstance("SHA-256");
      byte[] buffer = new byte[LargeObjectPackages.CHUNK];
      for (int n; (n = in.read(buffer)) > 0;) {
        sha.update(buffer, 0, n);
      }
      return HexFormat.of().formatHex(sha.digest());
    } catch (NoSuchFileException e) {
      throw new Damaged("The stored package of version " + version.version() + " is missing");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (NoSuchAlgorithmException e) {
      throw new IllegalStateException(e);
    }
  }

  private Path newStagingFile(String prefix) {
    try {
      Files.createDirectories(root.resolve("staging"));
      return Files.createTempFile(root.resolve("staging"), prefix, ".zip");
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void deleteIfRolledBack(Path file) {
    TransactionSynchronizationManager.registerSynchronization(new TransactionSynchronization() {
      @Override
      public void afterCompletion(int status) {
        if (status != STATUS_COMMITTED) {
          deleteQuietly(file);
        }
      }
    });
  }

  void deleteQuietly(Path file) {
    try {
      Files.deleteIfExists(file);
    } catch (IOException ignored) {
      // a stray staging file is harmless; it is never referenced
    }
  }
}
