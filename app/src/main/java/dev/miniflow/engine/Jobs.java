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
}
