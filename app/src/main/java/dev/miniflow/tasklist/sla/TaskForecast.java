package dev.miniflow.tasklist.sla;

import dev.miniflow.tasklist.UserTask;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.springframework.modulith.NamedInterface;
import org.springframework.stereotype.Service;

/**
 * Which open tasks will likely miss their due date, from how long the same step took recently in
 * the same workspace (the latest {@value #SAMPLES} completions of the last {@value #DAYS} days). A
 * task that has waited a while is compared with the completions that took longer than that (the
 * ones it can still become), so a task already older than most of them is not assumed quick.
 */
@Service
@NamedInterface("api")
public class TaskForecast {
  static final int SAMPLES = 50;
  static final int DAYS = 30;
  /** Fewer completions than this say nothing about a step. */
  static final int MIN_SAMPLES = 3;

  private final SlaStore store;
  private final Clock clock;

  TaskForecast(SlaStore store, Clock clock) {
    this.store = store;
    this.clock = clock;
  }

  /** @param expectedDoneAt when the task will likely be done; {@code late}: after its due date */
  @NamedInterface("api")
  public record Forecast(long taskId, Instant expectedDoneAt, boolean late) {}

  /** A forecast for each open task with a due date whose step has enough history. */
  public Map<Long, Forecast> forecast(List<UserTask> tasks) {
    Instant now = clock.instant();
    Map<List<Object>, List<Duration>> history = new HashMap<>();
    Map<Long, Forecast> forecasts = new HashMap<>();
    for (UserTask task : tasks) {
      if (!task.open() || task.dueAt() == null) {
        continue;
      }
      List<Duration> samples = history.computeIfAbsent(List.of(task.workspaceId(), task.processId(), task.elementId()),
          k -> store.handlingTimes(task.workspaceId(), task.processId(), task.elementId(),
              now.minus(Duration.ofDays(DAYS)), SAMPLES));
      expectedDone(task.createdAt(), now, samples)
          .ifPresent(done -> forecasts.put(task.id(), new Forecast(task.id(), done, done.isAfter(task.dueAt()))));
    }
    return forecasts;
  }

  /**
   * When a task opened at {@code created} will likely be done: the median of the recent handling
   * times longer than its age so far; now, if it has already waited longer than all of them.
   * Empty when there are too few.
   */
  static Optional<Instant> expectedDone(Instant created, Instant now, List<Duration> samples) {
    if (samples.size() < MIN_SAMPLES) {
      return Optional.empty();
    }
    Duration age = Duration.between(created, now);
    List<Duration> longer = new ArrayList<>(samples.stream().filter(d -> d.compareTo(age) > 0).toList());
    if (longer.isEmpty()) {
      return Optional.of(now);
    }
    longer.sort(null);
    int n = longer.size();
    Duration median = n % 2 == 1 ? longer.get(n / 2) : longer.get(n / 2 - 1).plus(longer.get(n / 2)).dividedBy(2);
    return Optional.of(created.plus(median));
  }
}
