package dev.miniflow.tasklist.sla;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The forecast against a scenario of known durations (no Spring, no database): a step that took
 * 2, 3, 4, 10 and 30 hours the last five times.
 */
class TaskForecastTest {
  static final Instant NOW = Instant.parse("2026-12-02T12:00:00Z");
  static final List<Duration> TOOK = List.of(Duration.ofHours(30), Duration.ofHours(2), Duration.ofHours(10),
      Duration.ofHours(4), Duration.ofHours(3));

  @Test
  void aFreshTaskIsExpectedAfterTheMedianHandlingTime() {
    Instant created = NOW.minus(Duration.ofMinutes(30));
    assertThat(TaskForecast.expectedDone(created, NOW, TOOK)).contains(created.plus(Duration.ofHours(4)));
  }

  @Test
  void aTaskThatAlreadyWaitedIsComparedWithTheCompletionsThatTookLonger() {
    // 5 hours old: only the 10 and 30 hour completions are still possible; their median is 20 hours
    Instant created = NOW.minus(Duration.ofHours(5));
    assertThat(TaskForecast.expectedDone(created, NOW, TOOK)).contains(created.plus(Duration.ofHours(20)));
    // 12 hours old: only the 30 hour one
    Instant older = NOW.minus(Duration.ofHours(12));
    assertThat(TaskForecast.expectedDone(older, NOW, TOOK)).contains(older.plus(Duration.ofHours(30)));
  }

  @Test
  void aTaskOlderThanEveryCompletionIsExpectedNowAndTooLittleHistoryForecastsNothing() {
    assertThat(TaskForecast.expectedDone(NOW.minus(Duration.ofHours(40)), NOW, TOOK)).contains(NOW);
    assertThat(TaskForecast.expectedDone(NOW, NOW, TOOK.subList(0, 2))).isEmpty();
  }

  @Test
  void anEvenNumberOfCompletionsTakesTheMiddleTwo() {
    List<Duration> four = List.of(Duration.ofHours(2), Duration.ofHours(4), Duration.ofHours(6), Duration.ofHours(12));
    assertThat(TaskForecast.expectedDone(NOW, NOW, four)).contains(NOW.plus(Duration.ofHours(5)));
  }

  /** Due in 6 hours: the fresh task (expected after 4) makes it; the 5-hour-old one (expected after 20) will not. */
  @Test
  void lateMeansExpectedAfterTheDueDate() {
    Instant due = NOW.plus(Duration.ofHours(6));
    assertThat(TaskForecast.expectedDone(NOW, NOW, TOOK).orElseThrow()).isBefore(due);
    Instant waited = NOW.minus(Duration.ofHours(5));
    assertThat(TaskForecast.expectedDone(waited, NOW, TOOK).orElseThrow()).isAfter(due);
  }
}
