package dev.miniflow.release;

import static dev.miniflow.testing.ProblemJson.INVALID;
import static dev.miniflow.testing.ProblemJson.CONFLICT;
import static dev.miniflow.testing.ProblemJson.FORBIDDEN;
import static dev.miniflow.testing.ProblemJson.NOT_FOUND;
import static dev.miniflow.testing.ProblemJson.problem;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.mockito.Mockito.never;
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

import dev.miniflow.miniprogram.AppVersion;
import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetAppKind;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.support.AuditEvent;
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

/** The release pages and API over mocked release services: what a browser and an API client get. */
@WebSlice({ReleasePages.class, ReleaseApi.class})
class ReleaseSliceTest {
  static final Instant AT = Instant.parse("2026-02-01T10:00:00Z");

  @Autowired MockMvc mvc;
  @Autowired WorkspaceAccess access;
  @MockitoBean ReleaseService releases;
  @MockitoBean ExpeditedReviews expedited;
  @MockitoBean PhasedReleases phased;
  @MockitoBean ReleaseActions actions;
  @MockitoBean ReleaseQueries queries;
  @MockitoBean MiniProgramService miniPrograms;
  @MockitoBean TargetApps targetApps;
  @MockitoBean AuditTrail audit;

  /** Release {id} of version 5 of mini program 3 ("Shop 1.2.0") to target app 9 ("Wallet"), workspace 1. */
  static Release release(long id, ReleaseStatus status, String requestedBy) {
    return new Release(id, 1L, 3L, 5L, 9L, Environment.PRODUCTION, status, requestedBy, AT, 77L, null, null, null,
        null, "{\"secret\":\"bundle\"}", null, null, null, 0, true, null, List.of(), null, null, null, null, null,
        null);
  }

  @BeforeEach
  void names() {
    MiniProgram shop = new MiniProgram(3L, 1L, "Shop", "A shop", "retail", "dev", AT, "en", null, null, null);
    AppVersion version = new AppVersion(5L, 3L, "1.2.0", "f", null, 10, "abc", null, "dev", AT);
    TargetApp wallet = new TargetApp(9L, 1L, "wallet", "Wallet", "simulated", TargetAppKind.NATIVE, false, null, "s");
    when(miniPrograms.miniProgramWithoutAccessCheck(3L)).thenReturn(shop);
    when(miniPrograms.versionWithoutAccessCheck(5L)).thenReturn(version);
    when(miniPrograms.get(3L)).thenReturn(shop);
    when(miniPrograms.version(5L)).thenReturn(version);
    when(targetApps.get(9L)).thenReturn(wallet);
    when(targetApps.ofWorkspace(1L)).thenReturn(List.of(wallet));
  }

  private ResultActions api(MockHttpServletRequestBuilder request) throws Exception {
    return mvc.perform(request.with(httpBasic("dev", WebSlice.PASSWORD)));
  }

  private ResultActions api(MockHttpServletRequestBuilder request, String json) throws Exception {
    return api(request.contentType(MediaType.APPLICATION_JSON).content(json.replace('\'', '"')));
  }

  private void roles(String user, Role... roles) {
    when(access.workspacesOf(user)).thenReturn(List.of(1L));
    when(access.rolesOf(user, 1L)).thenReturn(Set.of(roles));
  }

  // --- API ---

  @Test
  void aRequestAnswersWithTheReleasesItCreated() throws Exception {
    when(releases.request(5L, List.of(9L, 10L), Environment.PRODUCTION)).thenReturn(new ReleaseService.Requested(77L,
        List.of(release(11, ReleaseStatus.CREATED, "dev"), release(12, ReleaseStatus.CREATED, "dev"))));
    api(post("/api/v1/releases"),
        "{'versionId': 5, 'targetAppId': 9, 'targetAppIds': [10], 'environment': 'PRODUCTION'}")
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/v1/releases/11"))
        .andExpect(jsonPath("$.processInstanceKey").value(77))
        .andExpect(jsonPath("$.releases", hasSize(2)))
        .andExpect(jsonPath("$.releases[0].id").value(11))
        .andExpect(jsonPath("$.releases[0].status").value("CREATED"))
        .andExpect(jsonPath("$.releases[0].environment").value("PRODUCTION"))
        .andExpect(jsonPath("$.releases[0].requestedAt").value("2026-02-01T10:00:00Z"))
        .andExpect(jsonPath("$.releases[0].bundle").doesNotExist());
  }

  @Test
  void aRequestWithBadInputReachesNoService() throws Exception {
    api(post("/api/v1/releases"), "{'targetAppId': 9, 'environment': 'PRODUCTION'}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "Field 'versionId': must not be null"));
    api(post("/api/v1/releases"), "{'versionId': 5, 'targetAppId': 9, 'environment': 'MARS'}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
            "Field 'environment': 'MARS' is not one of PRODUCTION, SANDBOX, TEST, DEVELOPMENT."));
    api(post("/api/v1/releases"), "{'versionId': 5, 'targetAppIds': [1,2,3,4,5,6,7,8,9,10,11], 'environment': 'TEST'}")
        .andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
            "Field 'targetAppIds': size must be between 0 and 10"));
    api(post("/api/v1/releases"), "{'versionId': 'five', 'environment': 'TEST'}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
            "Field 'versionId': 'five' is not a whole number."));
    api(post("/api/v1/releases"), "{'versionId': 5,").andExpect(status().isBadRequest());
    verifyNoInteractions(releases);
  }

  @Test
  void theServicesRefusalIsTheAnswer() throws Exception {
    when(releases.request(5L, List.of(9L), Environment.PRODUCTION))
        .thenThrow(Problems.forbidden("This needs the release scope on this mini program."));
    api(post("/api/v1/releases"), "{'versionId': 5, 'targetAppId': 9, 'environment': 'PRODUCTION'}").andExpect(
        problem(HttpStatus.FORBIDDEN, FORBIDDEN, "Not allowed", "This needs the release scope on this mini program."));
    when(queries.get(99L)).thenThrow(Problems.notFound("Release 99"));
    api(get("/api/v1/releases/99"))
        .andExpect(problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", "Release 99 was not found."));
  }

  @Test
  void readsReturnWhatTheServiceFound() throws Exception {
    when(queries.get(11L)).thenReturn(release(11, ReleaseStatus.UNDER_REVIEW, "dev"));
    when(queries.ofWorkspace(1L)).thenReturn(List.of(release(11, ReleaseStatus.UNDER_REVIEW, "dev")));
    when(queries.ofMiniProgram(3L)).thenReturn(List.of());
    api(get("/api/v1/releases/11"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.id").value(11))
        .andExpect(jsonPath("$.status").value("UNDER_REVIEW"))
        .andExpect(jsonPath("$.targetAppId").value(9))
        .andExpect(jsonPath("$.testers", hasSize(0)))
        .andExpect(jsonPath("$.bundle").doesNotExist());
    api(get("/api/v1/workspaces/1/releases")).andExpect(jsonPath("$[0].requestedBy").value("dev"));
    api(get("/api/v1/mini-programs/3/releases")).andExpect(content().json("[]"));
  }

  @Test
  void theAuditTrailOfAReleaseTheCallerMayNotSeeIsNotRead() throws Exception {
    when(queries.get(11L)).thenReturn(release(11, ReleaseStatus.CREATED, "dev"));
    when(audit.forSubject("release", 11L)).thenReturn(
        List.of(new AuditEvent(1L, AT, "dev", "release.requested", "release", "11", 1L, "PRODUCTION", null)));
    api(get("/api/v1/releases/11/audit"))
        .andExpect(jsonPath("$[0].action").value("release.requested"))
        .andExpect(jsonPath("$[0].occurredAt").value("2026-02-01T10:00:00Z"));
    when(queries.get(12L)).thenThrow(Problems.notFound("Release 12"));
    api(get("/api/v1/releases/12/audit")).andExpect(status().isNotFound());
    verify(audit, never()).forSubject("release", 12L);
  }

  @Test
  void withdrawAndCancelTakeAnOptionalReason() throws Exception {
    when(actions.withdraw(11L, null)).thenReturn(release(11, ReleaseStatus.WITHDRAWN, "dev"));
    when(actions.cancel(11L, "wrong build")).thenReturn(release(11, ReleaseStatus.CANCELED, "dev"));
    api(post("/api/v1/releases/11/withdraw")).andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("WITHDRAWN"));
    api(post("/api/v1/releases/11/cancel"), "{'reason': 'wrong build'}")
        .andExpect(jsonPath("$.status").value("CANCELED"));
    api(post("/api/v1/releases/11/cancel"), "{'reason': '" + "x".repeat(2001) + "'}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "Field 'reason': size must be between 0 and 2000"));
    when(actions.withdraw(12L, null)).thenThrow(
        Problems.conflict("A release can only be withdrawn before it is decided; this one is APPROVED."));
    api(post("/api/v1/releases/12/withdraw")).andExpect(problem(HttpStatus.CONFLICT, CONFLICT, "Conflict",
        "A release can only be withdrawn before it is decided; this one is APPROVED."));
  }

  @Test
  void rolloutStepsAreAcceptedAndRollbacksCreated() throws Exception {
    when(actions.pilot(11L, List.of("t1", "t2"))).thenReturn(release(11, ReleaseStatus.APPROVED, "dev"));
    when(actions.grayscale(11L, 5)).thenReturn(release(11, ReleaseStatus.PILOT, "dev"));
    when(actions.releaseFully(11L)).thenReturn(release(11, ReleaseStatus.GRAYSCALE, "dev"));
    when(releases.rollback(11L, null)).thenReturn(
        new ReleaseService.Requested(78L, List.of(release(13, ReleaseStatus.CREATED, "ops"))));
    api(post("/api/v1/releases/11/pilot"), "{'testers': ['t1', 't2']}").andExpect(status().isAccepted())
        .andExpect(jsonPath("$.id").value(11));
    api(post("/api/v1/releases/11/grayscale"), "{'percent': 5}").andExpect(status().isAccepted());
    api(post("/api/v1/releases/11/full")).andExpect(status().isAccepted());
    api(post("/api/v1/releases/11/rollback")).andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/v1/releases/13"))
        .andExpect(jsonPath("$.releases[0].id").value(13));

    api(post("/api/v1/releases/11/pilot"), "{}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "Field 'testers': must not be null"));
    api(post("/api/v1/releases/11/grayscale"), "{'percent': 'ten'}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "Field 'percent': 'ten' is not a whole number."));
    when(actions.grayscale(11L, 3))
        .thenThrow(Problems.conflict("The grayscale percentage only goes up: it is already 5%."));
    api(post("/api/v1/releases/11/grayscale"), "{'percent': 3}").andExpect(problem(HttpStatus.CONFLICT, CONFLICT,
        "Conflict", "The grayscale percentage only goes up: it is already 5%."));
  }

  @Test
  void theApiWantsCredentials() throws Exception {
    mvc.perform(post("/api/v1/releases/11/full")).andExpect(status().isUnauthorized());
    mvc.perform(get("/api/v1/releases/11")).andExpect(status().isUnauthorized());
    verifyNoInteractions(actions, queries);
  }

  // --- pages ---

  @Test
  void theListShowsTheReleasesOfTheUsersWorkspacesByName() throws Exception {
    roles("dev", Role.DEVELOPER);
    when(queries.ofWorkspace(1L)).thenReturn(List.of(release(11, ReleaseStatus.UNDER_REVIEW, "dev")));
    mvc.perform(get("/releases").with(user("dev")))
        .andExpect(status().isOk())
        .andExpect(view().name("release/list"))
        .andExpect(content().string(allOf(containsString("<a href=\"/releases/11\">11</a>"),
            containsString("<td>Shop</td>"), containsString("<td>1.2.0</td>"), containsString("<td>Wallet</td>"),
            containsString("UNDER_REVIEW"), containsString("<title>Releases · Miniflow</title>"))));
    mvc.perform(get("/releases")).andExpect(redirectedUrl("http://localhost/login"));
  }

  @Test
  void anOperatorSeesTheRolloutActionsOfAnApprovedRelease() throws Exception {
    roles("ops", Role.OPERATOR);
    when(queries.get(11L)).thenReturn(release(11, ReleaseStatus.APPROVED, "dev"));
    mvc.perform(get("/releases/11").with(user("ops")))
        .andExpect(view().name("release/detail"))
        .andExpect(model().attribute("canPilot", true))
        .andExpect(model().attribute("canGrayscale", true))
        .andExpect(model().attribute("canCancel", true))
        .andExpect(model().attribute("canWithdraw", false))
        .andExpect(model().attribute("canRollback", false))
        .andExpect(content().string(allOf(containsString("id=\"pilot\""), containsString("id=\"grayscale\""),
            containsString("id=\"full\""), containsString("id=\"cancel\""), not(containsString("id=\"withdraw\"")),
            containsString("name=\"_csrf\""))));
  }

  @Test
  void theRequesterWithoutAnOperatorRoleMayOnlyWithdraw() throws Exception {
    roles("dev", Role.DEVELOPER);
    when(queries.get(11L)).thenReturn(release(11, ReleaseStatus.UNDER_REVIEW, "dev"));
    mvc.perform(get("/releases/11").with(user("dev")))
        .andExpect(model().attribute("canWithdraw", true))
        .andExpect(model().attribute("canCancel", false))
        .andExpect(content().string(allOf(containsString("id=\"withdraw\""), not(containsString("id=\"cancel\"")),
            not(containsString("id=\"pilot\"")))));
    when(queries.get(12L)).thenReturn(release(12, ReleaseStatus.RELEASED, "dev"));
    when(releases.rollbackTargets(12L)).thenReturn(List.of(release(10, ReleaseStatus.ARCHIVED, "dev")));
    roles("admin", Role.ADMIN);
    mvc.perform(get("/releases/12").with(user("admin")))
        .andExpect(model().attribute("canRollback", true))
        .andExpect(model().attribute("canWithdraw", false))
        .andExpect(content().string(allOf(containsString("id=\"rollback\""),
            containsString("1.2.0 (release 10"))));
  }

  @Test
  void aReleaseTheUserMayNotSeeIsTheNotFoundPage() throws Exception {
    when(queries.get(99L)).thenThrow(Problems.notFound("Release 99"));
    mvc.perform(get("/releases/99").with(user("dev")))
        .andExpect(status().isNotFound())
        .andExpect(view().name("error/problem"))
        .andExpect(content().string(containsString("Release 99 was not found.")));
  }

  @Test
  void pageActionsNeedTheCsrfTokenAndSayHowTheyWent() throws Exception {
    mvc.perform(post("/releases/11/cancel").param("reason", "bad").with(user("ops")))
        .andExpect(status().isForbidden());
    verifyNoInteractions(actions);

    mvc.perform(post("/releases/11/cancel").param("reason", "bad").with(user("ops")).with(csrf()))
        .andExpect(redirectedUrl("/releases/11"))
        .andExpect(flash().attribute("success", "Release canceled."));
    verify(actions).cancel(11L, "bad");

    when(actions.cancel(11L, "")).thenThrow(Problems.invalid("A reason is required to cancel a release."));
    mvc.perform(post("/releases/11/cancel").with(user("ops")).with(csrf()))
        .andExpect(redirectedUrl("/releases/11"))
        .andExpect(flash().attribute("error", "A reason is required to cancel a release."));

    when(actions.releaseFully(11L)).thenThrow(
        Problems.forbidden("This needs one of the roles [OPERATOR, ADMIN] in the workspace."));
    mvc.perform(post("/releases/11/full").with(user("dev")).with(csrf()))
        .andExpect(redirectedUrl("/releases/11"))
        .andExpect(flash().attribute("error", "This needs one of the roles [OPERATOR, ADMIN] in the workspace."));
  }

  @Test
  void theFlashMessageIsShownOnThePageTheActionLeadsTo() throws Exception {
    roles("ops", Role.OPERATOR);
    when(queries.get(11L)).thenReturn(release(11, ReleaseStatus.APPROVED, "dev"));
    mvc.perform(get("/releases/11").with(user("ops")).flashAttr("error", "A reason is required to cancel a release."))
        .andExpect(content().string(containsString(
            "<div class=\"alert alert-danger\" role=\"alert\">A reason is required to cancel a release.</div>")));
    mvc.perform(get("/releases/11").with(user("ops")).flashAttr("success", "Release canceled."))
        .andExpect(content().string(containsString(
            "<div class=\"alert alert-success\" role=\"status\">Release canceled.</div>")));
  }

  @Test
  void thePilotFormTakesTestersSeparatedByCommasOrLines() throws Exception {
    mvc.perform(post("/releases/11/pilot").param("testers", "alice, bob\ncarol").with(user("ops")).with(csrf()))
        .andExpect(redirectedUrl("/releases/11"))
        .andExpect(flash().attribute("success", "Pilot requested for 3 testers."));
    verify(actions).pilot(11L, List.of("alice", "bob", "carol"));
    mvc.perform(post("/releases/11/grayscale").param("percent", "20").with(user("ops")).with(csrf()))
        .andExpect(flash().attribute("success", "Grayscale 20% requested."));
  }

  @Test
  void aRequestFromThePageGoesToTheReleaseOrTheBoardOrBackToTheForm() throws Exception {
    when(releases.request(5L, List.of(9L), Environment.PRODUCTION)).thenReturn(
        new ReleaseService.Requested(77L, List.of(release(11, ReleaseStatus.CREATED, "dev"))));
    when(releases.request(5L, List.of(9L, 10L), Environment.SANDBOX)).thenReturn(new ReleaseService.Requested(77L,
        List.of(release(11, ReleaseStatus.CREATED, "dev"), release(12, ReleaseStatus.CREATED, "dev"))));
    when(releases.request(5L, null, Environment.TEST)).thenThrow(Problems.invalid("Name 1 to 10 target apps."));
    mvc.perform(post("/releases").param("versionId", "5").param("targetAppIds", "9").param("environment", "PRODUCTION")
        .with(user("dev")).with(csrf()))
        .andExpect(redirectedUrl("/releases/11"))
        .andExpect(flash().attribute("success",
            "Release requested for 1 target app(s): validation runs, then review where needed."));
    mvc.perform(post("/releases").param("versionId", "5").param("targetAppIds", "9", "10")
        .param("environment", "SANDBOX").with(user("dev")).with(csrf()))
        .andExpect(redirectedUrl("/mini-programs/3/board"));
    mvc.perform(post("/releases").param("versionId", "5").param("environment", "TEST").with(user("dev")).with(csrf()))
        .andExpect(redirectedUrl("/releases/new?versionId=5"))
        .andExpect(flash().attribute("error", "Name 1 to 10 target apps."));
  }

  @Test
  void theRequestFormOffersTheWorkspacesTargetAppsAndEveryEnvironment() throws Exception {
    mvc.perform(get("/releases/new").param("versionId", "5").with(user("dev")))
        .andExpect(view().name("release/new"))
        .andExpect(content().string(allOf(containsString("<strong>1.2.0</strong>"),
            containsString("name=\"targetAppIds\" value=\"9\""), containsString("<option value=\"DEVELOPMENT\""),
            containsString("name=\"versionId\" value=\"5\""))));
  }

  @Test
  void theBoardShowsWhatIsLiveAndWhatIsOnItsWay() throws Exception {
    Release live = release(10, ReleaseStatus.RELEASED, "dev");
    Release coming = new Release(11L, 1L, 3L, 5L, 9L, Environment.PRODUCTION, ReleaseStatus.GRAYSCALE, "dev", AT, 77L,
        null, null, null, null, null, null, null, null, 0, true, null, List.of(), 20, null, null, null, null, null);
    when(queries.ofMiniProgram(3L)).thenReturn(List.of(coming, live));
    mvc.perform(get("/mini-programs/3/board").with(user("dev")))
        .andExpect(view().name("release/board"))
        .andExpect(content().string(allOf(containsString("Live: <a href=\"/releases/10\">1.2.0</a>"),
            containsString("GRAYSCALE 20%"))));
  }
}
