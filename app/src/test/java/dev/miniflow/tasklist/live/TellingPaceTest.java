package dev.miniflow.tasklist.live;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** A change reaches open queues at once; a burst of them costs each browser one reload per gathering time. */
class TellingPaceTest {
  private static final long MS = 1_000_000;
  private final TellingPace pace = new TellingPace(Duration.ofMillis(300));

  @Test
  void theFirstChangeIsToldAtOnce() {
    assertThat(pace.waitBeforeTelling(5_000 * MS)).isZero();
  }

  @Test
  void aChangeSoonAfterATellingWaitsForTheRestOfTheGatheringTime() {
    pace.told(1_000 * MS);
    assertThat(pace.waitBeforeTelling(1_010 * MS)).isEqualTo(Duration.ofMillis(290));
    assertThat(pace.waitBeforeTelling(1_299 * MS)).isEqualTo(Duration.ofMillis(1));
  }

  @Test
  void aChangeAfterAQuietSpellIsToldAtOnceAgain() {
    pace.told(1_000 * MS);
    assertThat(pace.waitBeforeTelling(1_300 * MS)).isZero();
    assertThat(pace.waitBeforeTelling(9_000 * MS)).isZero();
  }
}
