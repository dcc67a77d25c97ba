package dev.miniflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import picocli.CommandLine.Option;

/** Polls releases until each has reached the outcome asked for, has failed, or time is up. */
final class ReleaseWait {
  /** A release that ends here never reaches approval or the full release. */
  private static final Set<String> FAILED = Set.of("REJECTED", "WITHDRAWN", "CANCELED");

  enum Until {
    /** The review said yes (it may then be piloted or rolled out in stages). */
    APPROVED(Set.of("APPROVED", "PILOT", "GRAYSCALE", "RELEASED", "ARCHIVED")),
    /** Live in full. */
    RELEASED(Set.of("RELEASED", "ARCHIVED"));

    private final Set<String> reached;

    Until(Set<String> reached) {
      this.reached = reached;
    }
  }

  static final class Options {
    @Option(names = "--until", defaultValue = "APPROVED",
        description = "APPROVED (reviewed and approved) or RELEASED (live in full); default: ${DEFAULT-VALUE}") Until until;

    @Option(names = "--timeout", defaultValue = "PT1H", converter = DurationConverter.class,
        description = "How long to wait at most, e.g. 30m, 2h, PT45M (default: 1h)") Duration timeout;

    @Option(names = "--poll", defaultValue = "PT5S", converter = DurationConverter.class, hidden = true) Duration poll;
  }

  private final MiniflowApi api;
  private final PrintWriter log;
  private final Options options;

  ReleaseWait(MiniflowApi api, PrintWriter log, Options options) {
    this.api = api;
    this.log = log;
    this.options = options;
  }

  int await(List<Long> releases) {
    long deadline = System.nanoTime() + options.timeout.toNanos();
    List<Long> open = new ArrayList<>(releases);
    while (true) {
      for (var it = open.iterator(); it.hasNext();) {
        long id = it.next();
        JsonNode release = api.release(id);
        String status = release.path("status").asText();
        if (options.until.reached.contains(status)) {
          log.println("Release " + id + ": " + status + ".");
          it.remove();
        } else if (FAILED.contains(status)) {
          log.println("Release " + id + ": " + status + why(release));
          return MiniflowCli.REJECTED;
        }
      }
      if (open.isEmpty()) {
        return 0;
      }
      if (System.nanoTime() > deadline) {
        log.println("Timed out after " + options.timeout + " waiting for release(s) " + open + " to be "
            + options.until + ".");
        return MiniflowCli.TIMED_OUT;
      }
      try {
        Thread.sleep(options.poll.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return MiniflowCli.TIMED_OUT;
      }
    }
  }

  private static String why(JsonNode release) {
    String by = release.path("decidedBy").asText("");
    String comment = release.path("decisionComment").asText("");
    String stopped = release.path("stoppedReason").asText("");
    StringBuilder text = new StringBuilder();
    if (!by.isBlank()) {
      text.append(" by ").append(by);
    }
    if (!comment.isBlank()) {
      text.append(": ").append(comment);
    } else if (!stopped.isBlank()) {
      text.append(": ").append(stopped);
    }
    return text.append('.').toString();
  }
}
