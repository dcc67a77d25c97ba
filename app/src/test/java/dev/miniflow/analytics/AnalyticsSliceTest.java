package dev.miniflow.analytics;

import static dev.miniflow.testing.ProblemJson.FORBIDDEN;
import static dev.miniflow.testing.ProblemJson.INVALID;
import static dev.miniflow.testing.ProblemJson.NOT_FOUND;
import static dev.miniflow.testing.ProblemJson.problem;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import dev.miniflow.monitor.InstanceHistory;
import dev.miniflow.support.Problems;
import dev.miniflow.testing.WebSlice;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The analytics dashboard as JSON, CSV and a page of SVG bars, over a mocked Analytics. */
@WebSlice({AnalyticsPages.class, AnalyticsApi.class})
class AnalyticsSliceTest {
  static final Instant AT = Instant.parse("2026-02-10T12:00:00Z");
  static final Analytics.Period FEBRUARY =
      new Analytics.Period(Instant.parse("2026-02-01T00:00:00Z"), Instant.parse("2026-02-11T00:00:00Z"));

  @Autowired MockMvc mvc;
  @MockitoBean Analytics analytics;

  static Analytics.Dashboard dashboard() {
    return new Analytics.Dashboard(1L, FEBRUARY, AT,
        List.of(new Analytics.Timing("release", null, null, 4, 3600, 7200)),
        List.of(new Analytics.Timing("release", "Review", "Review release", 4, 1800, 3600)),
        List.of(new Analytics.Queue("reviewers", 3, AT.minusSeconds(90_000), 90_000, 1)),
        List.of(new Analytics.Breach(42L, "Review release", "=Shop 1.2.0", "reviewers, leads",
            AT.minusSeconds(3600), 3600)),
        2, List.of(new Analytics.ReleaseDay(LocalDate.parse("2026-02-09"), "Wallet", 4, 2, 1)),
        List.of(new InstanceHistory.WorkerIncidents("release.roll-out", 5, 1)),
        List.of(new Analytics.AtRisk(43L, "Review release", "Shop 1.3.0", AT.plusSeconds(7200), AT.plusSeconds(9000))));
  }

  static Analytics.Dashboard empty() {
    return new Analytics.Dashboard(1L, FEBRUARY, AT, List.of(), List.of(), List.of(), List.of(), 0, List.of(),
        List.of(), List.of());
  }

  @BeforeEach
  void february() {
    when(analytics.period(LocalDate.parse("2026-02-01"), LocalDate.parse("2026-02-10"))).thenReturn(FEBRUARY);
    when(analytics.period(null, null)).thenReturn(FEBRUARY);
  }

  private ResultActions api(MockHttpServletRequestBuilder request) throws Exception {
    return mvc.perform(request.with(httpBasic("owner", WebSlice.PASSWORD)));
  }

  // --- API ---

  @Test
  void theDashboardIsJsonWithEveryFigure() throws Exception {
    when(analytics.dashboard(1L, FEBRUARY)).thenReturn(dashboard());
    api(get("/api/v1/workspaces/1/analytics").param("from", "2026-02-01").param("to", "2026-02-10"))
        .andExpect(status().isOk())
        .andExpect(content().contentTypeCompatibleWith(MediaType.APPLICATION_JSON))
        .andExpect(jsonPath("$.workspaceId").value(1))
        .andExpect(jsonPath("$.period.from").value("2026-02-01T00:00:00Z"))
        .andExpect(jsonPath("$.period.to").value("2026-02-11T00:00:00Z"))
        .andExpect(jsonPath("$.asOf").value("2026-02-10T12:00:00Z"))
        .andExpect(jsonPath("$.cycleTimes[0].medianSeconds").value(3600.0))
        .andExpect(jsonPath("$.stepTimes[0].stepName").value("Review release"))
        .andExpect(jsonPath("$.queues[0].pastDue").value(1))
        .andExpect(jsonPath("$.slaBreaches[0].taskId").value(42))
        .andExpect(jsonPath("$.completedLate").value(2))
        .andExpect(jsonPath("$.releases[0].day").value("2026-02-09"))
        .andExpect(jsonPath("$.releases[0].targetApp").value("Wallet"))
        .andExpect(jsonPath("$.incidents[0].jobType").value("release.roll-out"))
        .andExpect(jsonPath("$.incidents", hasSize(1)));
  }

  @Test
  void badDatesReachNoService() throws Exception {
    api(get("/api/v1/workspaces/1/analytics").param("from", "01/02/2026")).andExpect(problem(HttpStatus.BAD_REQUEST,
        INVALID, "Invalid request", "Parameter 'from': '01/02/2026' is not a date like 2026-02-01."));
    api(get("/api/v1/workspaces/1/analytics/queues.csv").param("to", "tomorrow")).andExpect(problem(
        HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
        "Parameter 'to': 'tomorrow' is not a date like 2026-02-01."));
    api(get("/api/v1/workspaces/one/analytics")).andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
        "Parameter 'workspaceId': 'one' is not a whole number."));
    verifyNoInteractions(analytics);
  }

  @Test
  void thePeriodAndTheWorkspaceAreTheServicesToRefuse() throws Exception {
    when(analytics.period(LocalDate.parse("2026-03-01"), LocalDate.parse("2026-02-01")))
        .thenThrow(Problems.invalid("'from' (2026-03-01) is after 'to' (2026-02-01)."));
    api(get("/api/v1/workspaces/1/analytics").param("from", "2026-03-01").param("to", "2026-02-01")).andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "'from' (2026-03-01) is after 'to' (2026-02-01)."));
    when(analytics.dashboard(2L, FEBRUARY)).thenThrow(Problems.forbidden("This needs the admin role in workspace 2."));
    api(get("/api/v1/workspaces/2/analytics")).andExpect(
        problem(HttpStatus.FORBIDDEN, FORBIDDEN, "Not allowed", "This needs the admin role in workspace 2."));
    api(get("/api/v1/workspaces/2/analytics/releases.csv")).andExpect(status().isForbidden());
    mvc.perform(get("/api/v1/workspaces/1/analytics")).andExpect(status().isUnauthorized());
    verify(analytics, never()).dashboard(1L, FEBRUARY);
  }

  @Test
  void eachFigureIsACsvDownload() throws Exception {
    when(analytics.dashboard(1L, FEBRUARY)).thenReturn(dashboard());
    api(get("/api/v1/workspaces/1/analytics/cycle-times.csv").param("from", "2026-02-01").param("to", "2026-02-10"))
        .andExpect(status().isOk())
        .andExpect(content().contentType("text/csv;charset=UTF-8"))
        .andExpect(header().string("Content-Disposition", "attachment; filename=\"cycle-times.csv\""))
        .andExpect(content().string("process,instances,median_seconds,p90_seconds\r\nrelease,4,3600.0,7200.0\r\n"));
    api(get("/api/v1/workspaces/1/analytics/step-times.csv"))
        .andExpect(content().string(containsString("release,Review,Review release,4,1800.0,3600.0")));
    api(get("/api/v1/workspaces/1/analytics/queues.csv"))
        .andExpect(content().string(containsString("reviewers,3,2026-02-09T11:00:00Z,90000,1")));
    // a cell that a spreadsheet would run as a formula is quoted
    api(get("/api/v1/workspaces/1/analytics/SLA-BREACHES.csv"))
        .andExpect(header().string("Content-Disposition", "attachment; filename=\"sla-breaches.csv\""))
        .andExpect(content().string(allOf(
            containsString("task_id,task,subject,candidate_groups,due_at,overdue_seconds\r\n"),
            containsString("42,Review release,'=Shop 1.2.0,\"reviewers, leads\",2026-02-10T11:00:00Z,3600"))));
    api(get("/api/v1/workspaces/1/analytics/releases.csv"))
        .andExpect(content().string(containsString("2026-02-09,Wallet,4,2,1")));
    api(get("/api/v1/workspaces/1/analytics/incidents.csv"))
        .andExpect(content().string("worker,incidents,open\r\nrelease.roll-out,5,1\r\n"));
  }

  @Test
  void anUnknownFigureIsNotFoundAndReadsNothing() throws Exception {
    api(get("/api/v1/workspaces/1/analytics/passwords.csv"))
        .andExpect(problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", "Figure 'passwords' was not found."));
    // a client asking for CSV only still reads why not
    api(get("/api/v1/workspaces/1/analytics/passwords.csv").accept("text/csv"))
        .andExpect(problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", "Figure 'passwords' was not found."));
    verify(analytics, never()).dashboard(anyLong(), any());
  }

  // --- page ---

  @Test
  void thePageDrawsBarsAsSvgAndLinksTheCsvOfThePeriod() throws Exception {
    when(analytics.dashboard(1L, FEBRUARY)).thenReturn(dashboard());
    mvc.perform(get("/workspaces/1/analytics").param("from", "2026-02-01").param("to", "2026-02-10")
        .with(user("owner")))
        .andExpect(status().isOk())
        .andExpect(view().name("analytics/dashboard"))
        .andExpect(model().attribute("from", LocalDate.parse("2026-02-01")))
        .andExpect(model().attribute("to", LocalDate.parse("2026-02-10")))
        .andExpect(content().string(allOf(
            containsString("<svg width=\"100%\" height=\"18\" role=\"img\" aria-label=\"median and p90 of release\">"),
            containsString("<rect height=\"18\" fill=\"#9ec5fe\" width=\"100%\"/>"),
            containsString("<rect height=\"18\" fill=\"#0d6efd\" width=\"50%\"/>"),
            containsString("<td class=\"median\">1 h 0 min</td>"), containsString("<td class=\"p90\">2 h 0 min</td>"),
            containsString("fill=\"#dc3545\" x=\"50%\" width=\"25%\""),
            containsString("href=\"/api/v1/workspaces/1/analytics/cycle-times.csv?from=2026-02-01&amp;to=2026-02-10\""),
            containsString("<a href=\"/tasks/42\">Review release</a>"), containsString("1 d 1 h"),
            containsString("2 task(s) completed late in this period."), containsString("value=\"2026-02-10\""),
            not(containsString("No completed instances in this period.")))));
  }

  @Test
  void anEmptyPeriodSaysSoForEveryFigure() throws Exception {
    when(analytics.dashboard(1L, FEBRUARY)).thenReturn(empty());
    mvc.perform(get("/workspaces/1/analytics").with(user("owner")))
        .andExpect(status().isOk())
        .andExpect(content().string(allOf(containsString("No completed instances in this period."),
            containsString("No completed steps in this period."), containsString("No open tasks."),
            containsString("No releases requested in this period."), containsString("No incidents in this period."),
            not(containsString("<svg")))));
  }

  @Test
  void thePageShowsRefusalsAndNeedsALogin() throws Exception {
    when(analytics.dashboard(2L, FEBRUARY)).thenThrow(Problems.forbidden("This needs the admin role in workspace 2."));
    mvc.perform(get("/workspaces/2/analytics").with(user("dev")))
        .andExpect(status().isForbidden())
        .andExpect(view().name("error/problem"))
        .andExpect(content().string(containsString("This needs the admin role in workspace 2.")));
    mvc.perform(get("/workspaces/1/analytics").param("from", "yesterday").with(user("owner")))
        .andExpect(status().isBadRequest())
        .andExpect(content().string(containsString("is not a date like 2026-02-01.")));
    mvc.perform(get("/workspaces/1/analytics")).andExpect(redirectedUrl("http://localhost/login"));
  }
}
