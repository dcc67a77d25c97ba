package dev.miniflow.bench;

import java.time.Duration;

/**
 * When the engine did what the pipeline row times, by the engine's own timestamps: in-process from
 * its record log ({@link EngineRecords}), on a real broker from what its exporter projected
 * ({@link ProjectedTimes}). Both sides of a row read the same kind, so both stop at the same event.
 */
interface EngineTimes {
  /** How many instances of the process completed so far. */
  long completed();

  /** The engine's time (ms) of the latest completion so far. */
  long lastCompletedAt();

  /** Waits until {@code n} more than {@code before} completed. @return the engine's time (ms) of the last */
  default long awaitCompleted(long before, int n, Duration atMost) throws InterruptedException {
    long deadline = System.nanoTime() + atMost.toNanos();
    long done;
    while ((done = completed()) < before + n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Only " + (done - before) + " of " + n + " instances completed within " + atMost);
      }
      Thread.sleep(20);
    }
    return lastCompletedAt();
  }

  /** When the engine reached the user task whose job has this key; null if it never did. */
  Long reachedByJob(long jobKey);

  /** When the engine reached the user task with this element instance key; null if it never did. */
  Long reachedByElement(long elementInstanceKey);
}
