package dev.miniflow.analytics;

import dev.miniflow.support.Csv;
import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** The dashboard's figures as JSON, and each of them as CSV. */
@RestController
@RequestMapping("/api/v1/workspaces/{workspaceId}/analytics")
class AnalyticsApi {
  private final Analytics analytics;

  AnalyticsApi(Analytics analytics) {
    this.analytics = analytics;
  }

  /**
   * The workspace's analytics dashboard for a period. Cycle and step times, queues, SLA breaches, releases and
   * incidents between from and to (ISO dates; by default the last 30 days). For workspace admins and process owners.
   */
  @GetMapping
  Analytics.Dashboard dashboard(@PathVariable long workspaceId,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
    return analytics.dashboard(workspaceId, analytics.period(from, to));
  }

  enum Figure { CYCLE_TIMES, STEP_TIMES, QUEUES, SLA_BREACHES, RELEASES, INCIDENTS }

  /**
   * One figure of the dashboard as CSV. The figure is one of cycle-times, step-times, queues, sla-breaches, releases
   * or incidents; same period and roles as the dashboard.
   */
  @GetMapping(value = "/{figure}.csv", produces = "text/csv")
  ResponseEntity<String> csv(@PathVariable long workspaceId, @PathVariable String figure,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to) {
    Figure which;
    try {
      which = Figure.valueOf(figure.toUpperCase().replace('-', '_'));
    } catch (IllegalArgumentException e) {
      throw dev.miniflow.support.Problems.notFound("Figure '" + figure + "'");
    }
    Analytics.Dashboard d = analytics.dashboard(workspaceId, analytics.period(from, to));
    String csv = switch (which) {
      case CYCLE_TIMES -> csv(List.of("process", "instances", "median_seconds", "p90_seconds"),
          d.cycleTimes().stream().map(t -> List.<Object>of(t.process(), t.count(), t.medianSeconds(), t.p90Seconds()))
              .toList());
      case STEP_TIMES -> csv(List.of("process", "step", "step_name", "completed", "median_seconds", "p90_seconds"),
          d.stepTimes().stream().map(t -> List.<Object>of(t.process(), t.step(), t.stepName(), t.count(),
              t.medianSeconds(), t.p90Seconds())).toList());
      case QUEUES -> csv(List.of("candidate_group", "open", "oldest_created_at", "oldest_age_seconds", "past_due"),
          d.queues().stream().map(q -> List.<Object>of(q.group(), q.open(), String.valueOf(q.oldest()),
              q.oldestAgeSeconds(), q.pastDue())).toList());
      case SLA_BREACHES -> csv(List.of("task_id", "task", "subject", "candidate_groups", "due_at", "overdue_seconds"),
          d.slaBreaches().stream().map(b -> List.<Object>of(b.taskId(), b.task(), String.valueOf(b.subject()),
              b.groups(), b.dueAt(), b.overdueSeconds())).toList());
      case RELEASES -> csv(List.of("day", "target_app", "requested", "released", "rejected"),
          d.releases().stream().map(r -> List.<Object>of(r.day(), r.targetApp(), r.requested(), r.released(),
              r.rejected())).toList());
      case INCIDENTS -> csv(List.of("worker", "incidents", "open"),
          d.incidents().stream().map(i -> List.<Object>of(i.jobType(), i.incidents(), i.open())).toList());
    };
    return ResponseEntity.ok()
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
            .filename(figure.toLowerCase() + ".csv").build().toString())
        .contentType(new MediaType("text", "csv", java.nio.charset.StandardCharsets.UTF_8)).body(csv);
  }

  private static String csv(List<String> header, List<List<Object>> rows) {
    return Csv.toString(header, rows);
  }
}
