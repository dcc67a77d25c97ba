package dev.miniflow.removal;

import static dev.miniflow.testing.ProblemJson.CONFLICT;
import static dev.miniflow.testing.ProblemJson.FORBIDDEN;
import static dev.miniflow.testing.ProblemJson.INVALID;
import static dev.miniflow.testing.ProblemJson.NOT_FOUND;
import static dev.miniflow.testing.ProblemJson.problem;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.not;
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
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetAppKind;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.release.Environment;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.testing.WebSlice;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** The removal pages and API over mocked removal services. */
@WebSlice({RemovalPages.class, RemovalApi.class})
class RemovalSliceTest {
  static final Instant AT = Instant.parse("2026-02-01T10:00:00Z");

  @Autowired MockMvc mvc;
  @Autowired WorkspaceAccess access;
  @MockitoBean RemovalService removals;
  @MockitoBean RemovalActions actions;
  @MockitoBean RemovalQueries queries;
  @MockitoBean MiniProgramService miniPrograms;
  @MockitoBean TargetApps targetApps;
  @MockitoBean AuditTrail audit;
  @MockitoBean EmergencyFreezes freezes;
  @MockitoBean dev.miniflow.release.ReleaseQueries releaseQueries;

  static Removal requested(long id, Removal.Status status) {
    return new Removal(id, 1L, 3L, Removal.Kind.REQUESTED, status, List.of(11L), "Shop closes", "dev", AT, null, null,
        null, null, null, null, 88L, null);
  }

  static Removal finding(long id, Removal.Status status) {
    return new Removal(id, 1L, 3L, Removal.Kind.FORCED, status, List.of(11L), null, "inspector", AT, null, null,
        "rule 4.2", "screenshot", Removal.Severity.MAJOR, null, 89L, null);
  }

  @BeforeEach
  void names() {
    when(miniPrograms.get(3L)).thenReturn(
        new MiniProgram(3L, 1L, "Shop", "A shop", "retail", "dev", AT, "en", null, null, null));
    when(targetApps.ofWorkspace(1L)).thenReturn(
        List.of(new TargetApp(9L, 1L, "wallet", "Wallet", "simulated", TargetAppKind.NATIVE, false, null, "s")));
  }

  private ResultActions api(MockHttpServletRequestBuilder request) throws Exception {
    return mvc.perform(request.with(httpBasic("dev", WebSlice.PASSWORD)));
  }

  private ResultActions api(MockHttpServletRequestBuilder request, String json) throws Exception {
    return api(request.contentType(MediaType.APPLICATION_JSON).content(json.replace('\'', '"')));
  }

  private ResultActions page(MockHttpServletRequestBuilder request, String user) throws Exception {
    return mvc.perform(request.with(user(user)).with(csrf()));
  }

  // --- API ---

  @Test
  void aRemovalRequestAnswersWithTheRemoval() throws Exception {
    when(removals.request(3L, 9L, Environment.PRODUCTION, "Shop closes"))
        .thenReturn(requested(21, Removal.Status.UNDER_REVIEW));
    api(post("/api/v1/removals"),
        "{'miniProgramId': 3, 'targetAppId': 9, 'environment': 'PRODUCTION', 'reason': 'Shop closes'}")
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/v1/removals/21"))
        .andExpect(jsonPath("$.kind").value("REQUESTED"))
        .andExpect(jsonPath("$.status").value("UNDER_REVIEW"))
        .andExpect(jsonPath("$.releaseIds[0]").value(11))
        .andExpect(jsonPath("$.requestedAt").value("2026-02-01T10:00:00Z"));
  }

  @Test
  void aRemovalRequestWithBadInputReachesNoService() throws Exception {
    api(post("/api/v1/removals"), "{'miniProgramId': 3, 'environment': 'PRODUCTION', 'reason': 'x'}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "Field 'targetAppId': must not be null"));
    api(post("/api/v1/removals"), "{'miniProgramId': 3, 'targetAppId': 9, 'environment': 'LIVE'}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
            "Field 'environment': 'LIVE' is not one of PRODUCTION, SANDBOX, TEST, DEVELOPMENT."));
    api(post("/api/v1/removals"), "{'miniProgramId': 3, 'targetAppId': 9, 'environment': 'TEST', 'reason': '"
        + "x".repeat(2001) + "'}").andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
            "Field 'reason': size must be between 0 and 2000"));
    api(post("/api/v1/force-removals"), "{'miniProgramId': 3, 'rule': 'r', 'evidence': 'e', 'severity': 'FATAL'}")
        .andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
            "Field 'severity': 'FATAL' is not one of MINOR, MAJOR, SEVERE."));
    api(post("/api/v1/force-removals"), "{'miniProgramId': 3, 'rule': '" + "r".repeat(201) + "'}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "Field 'rule': size must be between 0 and 200"));
    api(post("/api/v1/removals/21/rectification")).andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "The request needs a JSON body."));
    verifyNoInteractions(removals, actions);
  }

  @Test
  void theServicesRefusalIsTheAnswer() throws Exception {
    when(removals.request(3L, 9L, Environment.TEST, null)).thenThrow(
        Problems.invalid("A reason is required to remove a mini program."));
    api(post("/api/v1/removals"), "{'miniProgramId': 3, 'targetAppId': 9, 'environment': 'TEST'}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "A reason is required to remove a mini program."));
    when(removals.force(3L, "r", "e", Removal.Severity.MINOR, null)).thenThrow(
        Problems.forbidden("This needs one of the roles [INSPECTOR] in the workspace."));
    api(post("/api/v1/force-removals"), "{'miniProgramId': 3, 'rule': 'r', 'evidence': 'e', 'severity': 'MINOR'}")
        .andExpect(problem(HttpStatus.FORBIDDEN, FORBIDDEN, "Not allowed",
            "This needs one of the roles [INSPECTOR] in the workspace."));
    when(actions.withdraw(21L)).thenThrow(
        Problems.conflict("Only a removal under review can be withdrawn; this one is REMOVED."));
    api(post("/api/v1/removals/21/withdraw")).andExpect(problem(HttpStatus.CONFLICT, CONFLICT, "Conflict",
        "Only a removal under review can be withdrawn; this one is REMOVED."));
    when(queries.get(22L)).thenThrow(Problems.notFound("Removal 22"));
    api(get("/api/v1/removals/22")).andExpect(
        problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", "Removal 22 was not found."));
  }

  @Test
  void aFindingNamesItsTargetAppsOrAll() throws Exception {
    when(removals.force(3L, "rule 4.2", "screenshot", Removal.Severity.MAJOR, List.of(9L)))
        .thenReturn(finding(23, Removal.Status.WARNED));
    api(post("/api/v1/force-removals"), "{'miniProgramId': 3, 'rule': 'rule 4.2', 'evidence': 'screenshot',"
        + " 'severity': 'MAJOR', 'targetAppIds': [9]}")
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/v1/removals/23"))
        .andExpect(jsonPath("$.kind").value("FORCED"))
        .andExpect(jsonPath("$.severity").value("MAJOR"))
        .andExpect(jsonPath("$.status").value("WARNED"));
  }

  @Test
  void readsWithdrawAndRectifyReturnTheRemoval() throws Exception {
    when(queries.get(21L)).thenReturn(requested(21, Removal.Status.UNDER_REVIEW));
    when(queries.ofMiniProgram(3L)).thenReturn(List.of(requested(21, Removal.Status.UNDER_REVIEW)));
    when(actions.withdraw(21L)).thenReturn(requested(21, Removal.Status.WITHDRAWN));
    when(actions.rectify(23L, "fixed")).thenReturn(finding(23, Removal.Status.RECTIFICATION_SUBMITTED));
    api(get("/api/v1/removals/21")).andExpect(jsonPath("$.reason").value("Shop closes"));
    api(get("/api/v1/mini-programs/3/removals")).andExpect(jsonPath("$[0].id").value(21));
    api(post("/api/v1/removals/21/withdraw")).andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("WITHDRAWN"));
    api(post("/api/v1/removals/23/rectification"), "{'note': 'fixed'}")
        .andExpect(jsonPath("$.status").value("RECTIFICATION_SUBMITTED"));
    api(post("/api/v1/removals/23/rectification"), "{'note': '" + "n".repeat(4001) + "'}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "Field 'note': size must be between 0 and 4000"));
    mvc.perform(post("/api/v1/removals/21/withdraw")).andExpect(status().isUnauthorized());
  }

  // --- pages ---

  @Test
  void onlyAnInspectorIsOfferedTheFindingForm() throws Exception {
    when(queries.ofMiniProgram(3L)).thenReturn(List.of(requested(21, Removal.Status.UNDER_REVIEW)));
    when(access.rolesOf("inspector", 1L)).thenReturn(Set.of(Role.INSPECTOR));
    when(access.rolesOf("dev", 1L)).thenReturn(Set.of(Role.DEVELOPER));
    mvc.perform(get("/mini-programs/3/removals").with(user("inspector")))
        .andExpect(view().name("removal/list"))
        .andExpect(model().attribute("isInspector", true))
        .andExpect(content().string(allOf(containsString("id=\"record-finding\""),
            containsString("<option value=\"9\">Wallet</option>"), containsString("REQUESTED #21"),
            containsString("<option value=\"SEVERE\">SEVERE</option>"))));
    mvc.perform(get("/mini-programs/3/removals").with(user("dev")))
        .andExpect(model().attribute("isInspector", false))
        .andExpect(content().string(allOf(containsString("id=\"request-removal\""),
            not(containsString("id=\"record-finding\"")))));
  }

  @Test
  void theDetailOffersWithdrawToTheRequesterAndRectifyOnAWarning() throws Exception {
    when(queries.get(21L)).thenReturn(requested(21, Removal.Status.UNDER_REVIEW));
    when(queries.get(23L)).thenReturn(finding(23, Removal.Status.WARNED));
    mvc.perform(get("/removals/21").with(user("dev")))
        .andExpect(view().name("removal/detail"))
        .andExpect(model().attribute("canWithdraw", true))
        .andExpect(
            content().string(allOf(containsString("REQUESTED removal of Shop"), containsString("id=\"withdraw\""),
                not(containsString("id=\"rectify\"")))));
    mvc.perform(get("/removals/21").with(user("someone-else")))
        .andExpect(model().attribute("canWithdraw", false));
    mvc.perform(get("/removals/23").with(user("dev")))
        .andExpect(model().attribute("canRectify", true))
        .andExpect(content().string(allOf(containsString("id=\"rectify\""), containsString("screenshot"))));
    mvc.perform(get("/removals/21")).andExpect(redirectedUrl("http://localhost/login"));
  }

  @Test
  void pageActionsNeedTheCsrfToken() throws Exception {
    mvc.perform(post("/mini-programs/3/removals").param("targetAppId", "9").param("environment", "TEST")
        .param("reason", "x").with(user("dev"))).andExpect(status().isForbidden());
    mvc.perform(post("/removals/21/withdraw").with(user("dev"))).andExpect(status().isForbidden());
    verifyNoInteractions(removals, actions);
  }

  @Test
  void aRemovalRequestFromThePageGoesToItOrBackWithTheProblem() throws Exception {
    when(removals.request(3L, 9L, Environment.PRODUCTION, "Shop closes"))
        .thenReturn(requested(21, Removal.Status.UNDER_REVIEW));
    when(removals.request(3L, 9L, Environment.SANDBOX, "")).thenThrow(
        Problems.invalid("A reason is required to remove a mini program."));
    page(post("/mini-programs/3/removals").param("targetAppId", "9").param("environment", "PRODUCTION")
        .param("reason", "Shop closes"), "dev")
        .andExpect(redirectedUrl("/removals/21"))
        .andExpect(flash().attribute("success", "Removal requested: a reviewer decides."));
    page(post("/mini-programs/3/removals").param("targetAppId", "9").param("environment", "SANDBOX"), "dev")
        .andExpect(redirectedUrl("/mini-programs/3/removals"))
        .andExpect(flash().attribute("error", "A reason is required to remove a mini program."));
  }

  @Test
  void aFindingFromThePageSaysWhatHappensNext() throws Exception {
    when(removals.force(3L, "r", "e", Removal.Severity.SEVERE, List.of()))
        .thenReturn(finding(23, Removal.Status.REMOVED));
    when(removals.force(3L, "r", "e", Removal.Severity.MINOR, List.of()))
        .thenReturn(finding(24, Removal.Status.WARNED));
    when(removals.force(3L, "", "", Removal.Severity.MINOR, List.of())).thenThrow(
        Problems.invalid("A finding needs the rule broken, the evidence and a severity (MINOR, MAJOR, SEVERE)."));
    page(post("/mini-programs/3/findings").param("rule", "r").param("evidence", "e").param("severity", "SEVERE"),
        "inspector")
        .andExpect(redirectedUrl("/removals/23"))
        .andExpect(flash().attribute("success", "Severe finding: the mini program is being removed."));
    page(post("/mini-programs/3/findings").param("rule", "r").param("evidence", "e").param("severity", "MINOR"),
        "inspector")
        .andExpect(redirectedUrl("/removals/24"))
        .andExpect(flash().attribute("success", "Finding recorded: the owners are warned."));
    page(post("/mini-programs/3/findings").param("severity", "MINOR"), "inspector")
        .andExpect(redirectedUrl("/mini-programs/3/removals"))
        .andExpect(flash().attribute("error",
            "A finding needs the rule broken, the evidence and a severity (MINOR, MAJOR, SEVERE)."));
  }

  @Test
  void withdrawAndRectifyFromThePage() throws Exception {
    when(actions.withdraw(22L)).thenThrow(
        Problems.forbidden("Only dev, who asked for this removal, can withdraw it."));
    page(post("/removals/21/withdraw"), "dev")
        .andExpect(redirectedUrl("/removals/21"))
        .andExpect(flash().attribute("success", "Removal withdrawn."));
    verify(actions).withdraw(21L);
    page(post("/removals/22/withdraw"), "ops")
        .andExpect(redirectedUrl("/removals/22"))
        .andExpect(flash().attribute("error", "Only dev, who asked for this removal, can withdraw it."));
    page(post("/removals/23/rectification").param("note", "fixed the rule"), "dev")
        .andExpect(redirectedUrl("/removals/23"))
        .andExpect(flash().attribute("success", "Rectification submitted: an inspector reviews it."));
    verify(actions).rectify(23L, "fixed the rule");
  }
}
