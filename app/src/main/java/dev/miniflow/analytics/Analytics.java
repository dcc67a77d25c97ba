package dev.miniflow.analytics;

import dev.miniflow.monitor.InstanceHistory;
import dev.miniflow.release.ReleaseStatistics;
import dev.miniflow.support.Problems;
import dev.miniflow.tasklist.TaskQueries;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.function.Function;
import org.springframework.stereotype.Service;

/**
 * The workspace dashboard: approval cycle times per process and step, queues and SLA breaches,
 * releases and rejections per target app over time, incidents per worker. Every figure is one
 * indexed query over the owning feature's tables, read through its public service.
 */
@Service
public class Analytics {
  static final Duration MAX_PERIOD = Duration.ofDays(366);

  private final WorkspaceAccess access;
  private final InstanceHistory history;
  private final TaskQueries tasks;
  private final ReleaseStatistics releases;
  private final FigureNames names;
  private final Clock clock;

  Analytics(WorkspaceAccess access, InstanceHistory history, TaskQueries tasks, ReleaseStatistics releases,
      FigureNames names, Clock clock) {
    this.access = access;
    this.history = history;
    this.tasks = tasks;
    this.releases = releases;
    this.names = names;
    this.clock = clock;
  }

  public record Period(Instant from, Instant to) {}

  public record Timing(String process, String step, String stepName, long count, double medianSeconds,
      double p90Seconds) {}

  public record Queue(String group, long open, Instant oldest, long oldestAgeSeconds, long pastDue) {}

  public record Breach(long taskId, String task, String subject, String groups, Instant dueAt, long overdueSeconds) {}

  public record ReleaseDay(LocalDate day, String targetApp, long requested, long released, long rejected) {}

  public record Dashboard(long workspaceId, Period period, Instant asOf, List<Timing> cycleTimes,
      List<Timing> stepTimes, List<Queue> queues, List<Breach> slaBreaches, long completedLate,
      List<ReleaseDay> releases, List<InstanceHistory.WorkerIncidents> incidents, List<AtRisk> likelyLate) {}

  /** An open task not overdue yet that recent handling times say will miss its due date. */
  public record AtRisk(long taskId, String task, String subject, Instant dueAt, Instant expectedDoneAt) {}

  /** The period defaults to the last 30 days; dates are whole UTC days, "to" included. */
  public Period period(LocalDate from, LocalDate to) {
    LocalDate today = LocalDate.ofInstant(clock.instant(), java.time.ZoneOffset.UTC);
    LocalDate end = to == null ? today : to;
    LocalDate start = from == null ? end.minusDays(29) : from;
    if (start.isAfter(end)) {
      throw Problems.invalid("'from' (" + start + ") is after 'to' (" + end + ").");
    }
    Period period = new Period(start.atStartOfDay(java.time.ZoneOffset.UTC).toInstant(),
        end.plusDays(1).atStartOfDay(java.time.ZoneOffset.UTC).toInstant());
    if (Duration.between(period.from(), period.to()).compareTo(MAX_PERIOD) > 0) {
      throw Problems.invalid("A period may span at most 366 days.");
    }
    return period;
  }

  /** Admins and process owners of the workspace see its dashboard. */
  public Dashboard dashboard(long workspaceId, Period period) {
    access.require(workspaceId, "Workspace " + workspaceId, Role.ADMIN, Role.PROCESS_OWNER);
    Instant now = clock.instant();
    Function<Long, String> appName = names.targetAppsOf(workspaceId);
    Function<InstanceHistory.Timing, Timing> named = t -> new Timing(t.processId(), t.elementId(),
        names.step(t.processId(), t.elementId()), t.count(), t.medianSeconds(), t.p90Seconds());
    return new Dashboard(workspaceId, period, now,
        history.cycleTimes(workspaceId, period.from(), period.to()).stream().map(named).toList(),
        history.stepTimes(workspaceId, period.from(), period.to()).stream().map(named).toList(),
        tasks.queueStats(workspaceId, now).stream().map(q -> new Queue(q.group(), q.open(), q.oldest(),
            q.oldest() == null ? 0 : Duration.between(q.oldest(), now).toSeconds(), q.pastDue())).toList(),
        tasks.pastDue(workspaceId, now).stream().map(t -> new Breach(t.id(), t.name(), t.subject(),
            String.join(", ", t.candidateGroups()), t.dueAt(), Duration.between(t.dueAt(), now).toSeconds())).toList(),
        tasks.completedLate(workspaceId, period.from(), period.to()),
        releases.perTargetAppAndDay(workspaceId, period.from(), period.to()).stream()
            .map(d -> new ReleaseDay(d.day(), appName.apply(d.targetAppId()), d.requested(), d.released(),
                d.rejected()))
            .toList(),
        history.incidentsPerWorker(workspaceId, period.from(), period.to()),
        tasks.likelyLate(workspaceId, now, 500).entrySet().stream().map(e -> new AtRisk(e.getKey().id(),
            e.getKey().name(), e.getKey().subject(), e.getKey().dueAt(), e.getValue().expectedDoneAt())).toList());
  }
}
