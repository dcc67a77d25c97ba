package dev.miniflow.evidence;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.stereotype.Component;

/**
 * The checkpoints this installation signed, appended to a file in the key directory, outside the
 * database: the trust anchor verification compares the chains with. Someone who rewrites a chain
 * in PostgreSQL and deletes its checkpoints there cannot reach this log, so the rewrite shows;
 * and the sealer never signs a chain that no longer leads to its own last checkpoint.
 */
@Component
class CheckpointLog {
  record Signed(long workspaceId, long seq, String chainHash) {}

  private final Path file;
  private final Map<Long, Signed> last = new HashMap<>();

  CheckpointLog(EvidenceKeys keys) {
    this.file = keys.dir().resolve("checkpoints.log");
    read("", signed -> last.merge(signed.workspaceId(), signed, (a, b) -> b.seq() >= a.seq() ? b : a));
  }

  /** The newest checkpoint this installation signed of the workspace's chain. */
  synchronized Optional<Signed> last(long workspaceId) {
    return Optional.ofNullable(last.get(workspaceId));
  }

  /** Every checkpoint of the workspace this installation signed, oldest first. */
  synchronized List<Signed> of(long workspaceId) {
    List<Signed> signed = new java.util.ArrayList<>();
    read(workspaceId + " ", signed::add);
    return signed;
  }

  /** Appended once the checkpoint committed (one line each: workspace, position, chain hash). */
  synchronized void append(Signed signed) {
    try {
      Files.createDirectories(file.getParent());
      Files.writeString(file, signed.workspaceId() + " " + signed.seq() + " " + signed.chainHash() + "\n",
          StandardCharsets.US_ASCII, StandardOpenOption.CREATE, StandardOpenOption.APPEND, StandardOpenOption.SYNC);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    last.merge(signed.workspaceId(), signed, (a, b) -> b.seq() >= a.seq() ? b : a);
  }

  /** The lines that start with the prefix, line by line: the log only grows, and is never held whole. */
  private void read(String prefix, java.util.function.Consumer<Signed> each) {
    if (!Files.exists(file)) {
      return;
    }
    try (var lines = Files.lines(file, StandardCharsets.US_ASCII)) {
      lines.filter(line -> !line.isBlank() && line.startsWith(prefix)).map(line -> line.split(" "))
          .map(p -> new Signed(Long.parseLong(p[0]), Long.parseLong(p[1]), p[2])).forEach(each);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
