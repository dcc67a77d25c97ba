package dev.miniflow.engine;

import org.springframework.modulith.NamedInterface;
/** What every Miniflow job worker shares. */
@NamedInterface("api")
public final class Jobs {
  /**
   * How long a worker holds a job: a job held by an instance that crashed (or whose broker lost
   * its leader) is offered again after this long, not after the client's default five minutes.
   * Steps take milliseconds; a partner call times out after ten seconds. Set on each worker,
   * because the client's worker defaults would also override the user-task worker's year.
   */
  public static final long STEP_TIMEOUT_MS = 60_000;

  private Jobs() {}

  /**
   * The engine's time when it handed out a job of a worker holding it for {@link #STEP_TIMEOUT_MS}
   * (its deadline is that plus the timeout): the clock of the model's timers, which tests move.
   */
  public static java.time.Instant engineNow(io.camunda.client.api.response.ActivatedJob job) {
    return java.time.Instant.ofEpochMilli(job.getDeadline() - STEP_TIMEOUT_MS);
  }
}
