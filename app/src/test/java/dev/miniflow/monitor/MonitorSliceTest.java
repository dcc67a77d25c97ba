package dev.miniflow.monitor;

import static dev.miniflow.testing.ProblemJson.INVALID;
import static dev.miniflow.testing.ProblemJson.CONFLICT;
import static dev.miniflow.testing.ProblemJson.FORBIDDEN;
import static dev.miniflow.testing.ProblemJson.NOT_FOUND;
import static dev.miniflow.testing.ProblemJson.UNAVAILABLE;
import static dev.miniflow.testing.ProblemJson.problem;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doThrow;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import dev.miniflow.engine.EmbeddedSettings;
import dev.miniflow.engine.EngineLogWatch;
import dev.miniflow.processes.ProcessDefinitions;
import dev.miniflow.support.Problems;
import dev.miniflow.testing.WebSlice;
import java.time.Instant;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.http.HttpStatus;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The admin monitor's pages and API over a mocked ProcessMonitor, as on a broker (not the embedded default). */
@WebSlice({MonitorPages.class, MonitorApi.class})
class MonitorSliceTest {
  static final Instant AT = Instant.parse("2026-02-01T10:00:00Z");

  @Autowired MockMvc mvc;
  @MockitoBean ProcessMonitor monitor;
  @MockitoBean ProcessDefinitions definitions;
  @MockitoBean InstanceHistory history;
  @MockitoBean EngineLogWatch engineLog;
  @MockitoBean IncidentFixes fixes;
  @MockitoBean InstanceModifications modifications;
  @MockitoBean InstanceMigrations migrations;
  @MockitoBean dev.miniflow.monitor.batch.BatchOperations batches;

  @TestConfiguration(proxyBeanMethods = false)
  static class OnABroker {
    @Bean
    EmbeddedSettings embeddedSettings() {
      return new EmbeddedSettings(false, 0);
    }
  }

  static InstanceHistory.Instance instance(long key, String state, int openIncidents) {
    return new InstanceHistory.Instance(key, 42L, "release", 1, 1L, "11", "Shop 1.2.0 → Wallet", state, AT, null,
        openIncidents);
  }

  static InstanceHistory.Incident incident(long key) {
    return new InstanceHistory.Incident(key, 77L, "release", 1L, "RollOut", 600L, "release.roll-out", "JOB_NO_RETRIES",
        "partner down\nat line 3", "ACTIVE", AT, null);
  }

  static ProcessMonitor.InstanceDetail detail() {
    return new ProcessMonitor.InstanceDetail(instance(77, "ACTIVE", 1), List.of(), List.of(incident(900)), List.of(),
        List.of(new InstanceHistory.Variable(77L, "releaseIds", "[11]", AT)),
        Map.of("active", List.of("RollOut"), "incidents", List.of("RollOut")));
  }

  private ResultActions api(MockHttpServletRequestBuilder request) throws Exception {
    return mvc.perform(request.with(httpBasic("admin", WebSlice.PASSWORD)));
  }

  private ResultActions page(MockHttpServletRequestBuilder request) throws Exception {
    return mvc.perform(request.with(user("admin")).with(csrf()));
  }

  // --- API ---

  @Test
  void instancesAreFilteredAsAskedAndPagedByFifty() throws Exception {
    var filter = new InstanceHistory.Filter("release", "INCIDENT", "Shop", AT, AT.plusSeconds(3600));
    when(monitor.instances(filter, 2, 50)).thenReturn(List.of(instance(77, "ACTIVE", 1)));
    api(get("/api/v1/monitor/instances").param("process", "release").param("state", "INCIDENT").param("q", "Shop")
        .param("from", "2026-02-01T10:00:00Z").param("to", "2026-02-01T11:00:00Z").param("page", "2"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].key").value(77))
        .andExpect(jsonPath("$[0].openIncidents").value(1))
        .andExpect(jsonPath("$[0].startedAt").value("2026-02-01T10:00:00Z"));
  }

  @Test
  void badFiltersReachNoService() throws Exception {
    api(get("/api/v1/monitor/instances").param("state", "BROKEN")).andExpect(problem(HttpStatus.BAD_REQUEST, INVALID,
        "Invalid request", "Parameter 'state': 'BROKEN' is not one of ACTIVE, INCIDENT, COMPLETED, CANCELED."));
    api(get("/api/v1/monitor/instances").param("from", "yesterday")).andExpect(problem(HttpStatus.BAD_REQUEST, INVALID,
        "Invalid request", "Parameter 'from': 'yesterday' is not a date and time like 2026-02-01T10:00:00Z."));
    api(get("/api/v1/monitor/instances/abc")).andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
        "Parameter 'key': 'abc' is not a whole number."));
    verifyNoInteractions(monitor);
  }

  @Test
  void theMonitorIsForAdmins() throws Exception {
    when(monitor.instances(any(), anyInt(), anyInt()))
        .thenThrow(Problems.forbidden("The monitor is for workspace admins."));
    when(monitor.openIncidents()).thenThrow(Problems.forbidden("The monitor is for workspace admins."));
    api(get("/api/v1/monitor/instances")).andExpect(problem(HttpStatus.FORBIDDEN, FORBIDDEN, "Not allowed",
        "The monitor is for workspace admins."));
    api(get("/api/v1/monitor/incidents")).andExpect(status().isForbidden());
    mvc.perform(get("/monitor").with(user("dev")))
        .andExpect(status().isForbidden())
        .andExpect(view().name("error/problem"))
        .andExpect(content().string(containsString("The monitor is for workspace admins.")));
    mvc.perform(get("/api/v1/monitor/incidents")).andExpect(status().isUnauthorized());
  }

  @Test
  void anInstanceComesWithItsHistoryIncidentsAndVariables() throws Exception {
    when(monitor.detail(77L)).thenReturn(detail());
    when(monitor.detail(78L)).thenThrow(Problems.notFound("Process instance 78"));
    when(monitor.openIncidents()).thenReturn(List.of(incident(900)));
    api(get("/api/v1/monitor/instances/77"))
        .andExpect(jsonPath("$.instance.state").value("ACTIVE"))
        .andExpect(jsonPath("$.incidents[0].jobType").value("release.roll-out"))
        .andExpect(jsonPath("$.variables[0].name").value("releaseIds"))
        .andExpect(jsonPath("$.diagram.incidents[0]").value("RollOut"));
    api(get("/api/v1/monitor/instances/78")).andExpect(problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found",
        "Process instance 78 was not found."));
    api(get("/api/v1/monitor/incidents")).andExpect(jsonPath("$[0].key").value(900));
  }

  @Test
  void cancelAndRetryAreAcceptedOrSayWhyNot() throws Exception {
    api(post("/api/v1/monitor/instances/77/cancel")).andExpect(status().isAccepted()).andExpect(content().string(""));
    verify(monitor).cancel(77L);
    api(post("/api/v1/monitor/incidents/900/retry")).andExpect(status().isAccepted());
    verify(monitor).retry(900L);
    doThrow(Problems.conflict("This instance is already completed.")).when(monitor).cancel(78L);
    api(post("/api/v1/monitor/instances/78/cancel")).andExpect(problem(HttpStatus.CONFLICT, CONFLICT, "Conflict",
        "This instance is already completed."));
    doThrow(Problems.unavailable("The workflow engine did not take the command; nothing changed. Please try again."))
        .when(monitor).retry(901L);
    api(post("/api/v1/monitor/incidents/901/retry")).andExpect(problem(HttpStatus.SERVICE_UNAVAILABLE, UNAVAILABLE,
        "Temporarily unavailable", "The workflow engine did not take the command; nothing changed. Please try again."));
    mvc.perform(post("/api/v1/monitor/instances/77/cancel")).andExpect(status().isUnauthorized());
  }

  // --- pages ---

  @Test
  void thePageFiltersByWholeDaysAndSaysWhenNoExporterFeedsIt() throws Exception {
    var filter = new InstanceHistory.Filter(null, "ACTIVE", null, Instant.parse("2026-02-01T00:00:00Z"),
        Instant.parse("2026-02-04T00:00:00Z"));
    when(monitor.instances(filter, 0, 50)).thenReturn(Collections.nCopies(50, instance(77, "ACTIVE", 0)));
    when(monitor.openIncidents()).thenReturn(List.of(incident(900)));
    when(definitions.latestOfEach()).thenReturn(List.of(
        new ProcessDefinitions.ProcessDefinition(1L, "release", 1, "release.bpmn", "<xml/>", "system", AT, null)));
    mvc.perform(get("/monitor").param("state", "ACTIVE").param("from", "2026-02-01").param("to", "2026-02-03")
        .with(user("admin")))
        .andExpect(view().name("monitor/monitor"))
        .andExpect(model().attribute("hasNext", true))
        .andExpect(model().attribute("historyAvailable", false))
        .andExpect(content().string(allOf(containsString("no exporter brings the broker"),
            containsString("<a href=\"/monitor/instances/77\">77</a>"), containsString("partner down"),
            not(containsString("at line 3")), containsString("<option value=\"ACTIVE\" selected=\"selected\">"),
            containsString("page=1\">Next</a>"), not(containsString("id=\"engine-log-warning\"")))));
    when(history.fed()).thenReturn(true);
    when(engineLog.warning()).thenReturn(Optional.of("The embedded engine holds 9 records in memory"));
    mvc.perform(get("/monitor").with(user("admin")))
        .andExpect(model().attribute("historyAvailable", true))
        .andExpect(content().string(allOf(not(containsString("no exporter brings the broker")),
            containsString("The embedded engine holds 9 records in memory"))));
    mvc.perform(get("/monitor").param("from", "02/01/2026").with(user("admin")))
        .andExpect(status().isBadRequest())
        .andExpect(content().string(containsString("is not a date like 2026-02-01.")));
  }

  @Test
  void anActiveInstanceOffersCancelAndItsIncidentsRetry() throws Exception {
    when(monitor.detail(77L)).thenReturn(detail());
    mvc.perform(get("/monitor/instances/77").with(user("admin")))
        .andExpect(view().name("monitor/instance"))
        .andExpect(model().attribute("diagramJson", containsString("\"incidents\":[\"RollOut\"]")))
        .andExpect(content().string(allOf(containsString("id=\"cancel-instance\""),
            containsString("action=\"/monitor/incidents/900/retry?instance=77\""),
            containsString("<summary>Full message"))));
    mvc.perform(get("/monitor/instances/77")).andExpect(redirectedUrl("http://localhost/login"));
  }

  @Test
  void pageActionsNeedTheCsrfTokenAndSayHowTheyWent() throws Exception {
    mvc.perform(post("/monitor/instances/77/cancel").with(user("admin"))).andExpect(status().isForbidden());
    verifyNoInteractions(monitor);
    doThrow(Problems.conflict("The incident is no longer open in the engine (it may have been resolved meanwhile)."))
        .when(monitor).retry(901L);
    page(post("/monitor/instances/77/cancel"))
        .andExpect(redirectedUrl("/monitor/instances/77"))
        .andExpect(flash().attribute("success", "The instance was canceled."));
    page(post("/monitor/incidents/900/retry").param("instance", "77"))
        .andExpect(redirectedUrl("/monitor/instances/77"))
        .andExpect(flash().attribute("success", "Retrying: the job has 3 new attempts."));
    page(post("/monitor/incidents/901/retry").param("instance", "77"))
        .andExpect(redirectedUrl("/monitor/instances/77"))
        .andExpect(flash().attribute("error",
            "The incident is no longer open in the engine (it may have been resolved meanwhile)."));
    verify(monitor).retry(eq(900L));
  }
}
