package dev.miniflow.tasklist.live;

import java.time.Duration;

/**
 * When open queues are told of a change: at once, so a new task shows up as soon as it is
 * committed, unless they were told less than the gathering time ago; then when that time has
 * passed, with every change heard meanwhile. A burst of changes costs each browser one reload
 * per gathering time, not one per change.
 */
final class TellingPace {
  private final long gatherNanos;
  private long lastTold;
  private boolean toldBefore;

  TellingPace(Duration gather) {
    this.gatherNanos = gather.toNanos();
  }

  /** How long to wait before telling of a change heard at {@code now} (a {@link System#nanoTime()}). */
  Duration waitBeforeTelling(long now) {
    if (!toldBefore) {
      return Duration.ZERO;
    }
    long wait = gatherNanos - (now - lastTold);
    return wait > 0 ? Duration.ofNanos(wait) : Duration.ZERO;
  }

  void told(long now) {
    lastTold = now;
    toldBefore = true;
  }
}
