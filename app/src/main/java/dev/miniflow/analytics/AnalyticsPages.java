package dev.miniflow.analytics;

import java.time.LocalDate;
import java.util.List;
import org.springframework.format.annotation.DateTimeFormat;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RequestParam;

/** The analytics dashboard: figures with bar charts drawn on the server as SVG. */
@Controller
class AnalyticsPages {
  private final Analytics analytics;

  AnalyticsPages(Analytics analytics) {
    this.analytics = analytics;
  }

  @GetMapping("/workspaces/{workspaceId}/analytics")
  String dashboard(@PathVariable long workspaceId,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate from,
      @RequestParam(required = false) @DateTimeFormat(iso = DateTimeFormat.ISO.DATE) LocalDate to, Model model) {
    Analytics.Dashboard dashboard = analytics.dashboard(workspaceId, analytics.period(from, to));
    model.addAttribute("d", dashboard);
    model.addAttribute("from", LocalDate.ofInstant(dashboard.period().from(), java.time.ZoneOffset.UTC));
    model.addAttribute("to", LocalDate.ofInstant(dashboard.period().to(), java.time.ZoneOffset.UTC).minusDays(1));
    model.addAttribute("cycleScale",
        Scale.of(dashboard.cycleTimes().stream().mapToDouble(Analytics.Timing::p90Seconds).max()));
    model.addAttribute("stepScale",
        Scale.of(dashboard.stepTimes().stream().mapToDouble(Analytics.Timing::p90Seconds).max()));
    model.addAttribute("releaseScale",
        Scale.of(dashboard.releases().stream().mapToDouble(Analytics.ReleaseDay::requested).max()));
    model.addAttribute("figures",
        List.of("cycle-times", "step-times", "queues", "sla-breaches", "releases", "incidents"));
    return "analytics/dashboard";
  }

  /** Bar lengths in percent of the largest value, and durations in words. */
  record Scale(double max) {
    static Scale of(java.util.OptionalDouble max) {
      return new Scale(Math.max(max.orElse(0), 1e-9));
    }

    public long percent(double value) {
      return Math.round(100 * value / max);
    }

    public String duration(double seconds) {
      if (seconds < 10) {
        return String.format(java.util.Locale.ROOT, "%.1f s", seconds);
      }
      long s = Math.round(seconds);
      if (s < 60) {
        return s + " s";
      }
      if (s < 3600) {
        return (s / 60) + " min " + (s % 60) + " s";
      }
      if (s < 86_400) {
        return (s / 3600) + " h " + (s % 3600 / 60) + " min";
      }
      return (s / 86_400) + " d " + (s % 86_400 / 3600) + " h";
    }
  }
}
