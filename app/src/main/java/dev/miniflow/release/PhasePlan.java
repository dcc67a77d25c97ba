package dev.miniflow.release;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.Collectors;

/**
 * A phased release's plan and where it stands.
 *
 * @param step the index of the step asked for last
 * @param stepDueAt when the next step is due, by the engine's clock (null until this one is applied)
 * @param deadlineAt when the plan completes to full, by the engine's clock (null until its first step)
 */
record PhasePlan(long releaseId, List<Integer> percents, List<Duration> dwells, Duration deadline, State state,
    int step, Instant stepDueAt, Instant deadlineAt, String createdBy, Instant createdAt, String pausedBy,
    Instant pausedAt, Instant endedAt, Instant restoredAt) {

  enum State {
    ACTIVE, PAUSED, COMPLETED, REVERTED, ENDED;

    boolean running() {
      return this == ACTIVE || this == PAUSED;
    }
  }

  /** "1 → 5 → 20 → 100 %". */
  static String describe(List<Integer> percents) {
    return percents.stream().map(String::valueOf).collect(Collectors.joining(" → ")) + " %";
  }

  /** The percentage of the step asked for last. */
  int currentPercent() {
    return percents.get(step);
  }
}
