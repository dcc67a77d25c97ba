package dev.miniflow.authorization;

import static dev.miniflow.testing.ProblemJson.CONFLICT;
import static dev.miniflow.testing.ProblemJson.FORBIDDEN;
import static dev.miniflow.testing.ProblemJson.INVALID;
import static dev.miniflow.testing.ProblemJson.NOT_FOUND;
import static dev.miniflow.testing.ProblemJson.problem;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.csrf;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.httpBasic;
import static org.springframework.security.test.web.servlet.request.SecurityMockMvcRequestPostProcessors.user;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.delete;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.flash;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.model;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.redirectedUrl;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.view;

import dev.miniflow.support.Problems;
import dev.miniflow.testing.WebSlice;
import dev.miniflow.workspace.WorkspaceAccess;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.http.HttpStatus;
import org.springframework.http.MediaType;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;
import org.springframework.test.web.servlet.ResultActions;
import org.springframework.test.web.servlet.request.MockHttpServletRequestBuilder;

/** Access requests, grants and per-mini-program roles, pages and API, over mocked authorization services. */
@WebSlice({AccessApi.class, AccessPages.class, MiniProgramMembersApi.class})
class AccessSliceTest {
  static final Instant AT = Instant.parse("2026-02-01T10:00:00Z");

  @Autowired MockMvc mvc;
  @Autowired WorkspaceAccess access;
  @MockitoBean AccessRequests requests;
  @MockitoBean AccessRevocation revocation;
  @MockitoBean AccessPolicy policy;
  @MockitoBean MiniProgramDirectory miniPrograms;

  /** Grant {id} of dev on mini program 3 ("Shop", workspace 1). */
  static AccessGrant grant(long id, GrantStatus status) {
    boolean active = status == GrantStatus.ACTIVE;
    return new AccessGrant(id, 1L, 3L, "dev", List.of("UPLOAD", "RELEASE"), 30, "Hotfix for the cart", status, AT,
        active ? "admin" : null, null, active ? AT : null, active ? AT : null,
        active ? Instant.parse("2026-03-03T10:00:00Z") : null, null, null, 66L);
  }

  @BeforeEach
  void names() {
    when(miniPrograms.find(3L)).thenReturn(Optional.of(new MiniProgramDirectory.Listing(3L, 1L, "Shop")));
    when(miniPrograms.find(9L)).thenReturn(Optional.empty());
    when(requests.get(41L)).thenReturn(grant(41, GrantStatus.ACTIVE));
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
  void anAccessRequestAnswersWithTheGrant() throws Exception {
    when(requests.request(3L, EnumSet.of(Scope.UPLOAD, Scope.RELEASE), 30, "Hotfix for the cart"))
        .thenReturn(grant(41, GrantStatus.REQUESTED));
    api(post("/api/v1/mini-programs/3/access-requests"),
        "{'scopes': ['UPLOAD', 'RELEASE'], 'days': 30, 'justification': 'Hotfix for the cart'}")
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/v1/access-grants/41"))
        .andExpect(jsonPath("$.id").value(41))
        .andExpect(jsonPath("$.workspaceId").value(1))
        .andExpect(jsonPath("$.miniProgramId").value(3))
        .andExpect(jsonPath("$.grantee").value("dev"))
        .andExpect(jsonPath("$.scopes", hasSize(2)))
        .andExpect(jsonPath("$.days").value(30))
        .andExpect(jsonPath("$.justification").value("Hotfix for the cart"))
        .andExpect(jsonPath("$.status").value("REQUESTED"))
        .andExpect(jsonPath("$.requestedAt").value("2026-02-01T10:00:00Z"))
        .andExpect(jsonPath("$.expiresAt").doesNotExist())
        .andExpect(jsonPath("$.processInstanceKey").value(66));
    mvc.perform(post("/api/v1/mini-programs/3/access-requests").contentType(MediaType.APPLICATION_JSON)
        .content("{}")).andExpect(status().isUnauthorized());
  }

  @Test
  void anAccessRequestWithBadInputReachesNoService() throws Exception {
    api(post("/api/v1/mini-programs/3/access-requests"), "{'scopes': [], 'days': 30, 'justification': 'x'}")
        .andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
            "Field 'scopes': size must be between 1 and 4"));
    api(post("/api/v1/mini-programs/3/access-requests"), "{'scopes': ['UPLOAD'], 'justification': 'x'}")
        .andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "Field 'days': must not be null"));
    api(post("/api/v1/mini-programs/3/access-requests"),
        "{'scopes': ['UPLOAD'], 'days': 30, 'justification': '" + "j".repeat(2001) + "'}")
        .andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
            "Field 'justification': size must be between 0 and 2000"));
    api(post("/api/v1/mini-programs/3/access-requests"), "{'scopes': ['ROOT'], 'days': 30, 'justification': 'x'}")
        .andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
            containsString("'ROOT' is not one of UPLOAD, RELEASE, ANALYTICS, MEMBERS")));
    api(post("/api/v1/mini-programs/3/access-requests"), "{'scopes': ['UPLOAD'], 'days': 'soon', 'justification': 'x'}")
        .andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
            "Field 'days': 'soon' is not a whole number."));
    api(post("/api/v1/access-grants/41/revoke"), "{'reason': '" + "r".repeat(2001) + "'}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "Field 'reason': size must be between 0 and 2000"));
    verifyNoInteractions(revocation);
    verify(requests, never()).request(anyLong(), org.mockito.ArgumentMatchers.any(),
        org.mockito.ArgumentMatchers.anyInt(), org.mockito.ArgumentMatchers.any());
  }

  @Test
  void theServicesRefusalIsTheAnswer() throws Exception {
    when(requests.request(3L, EnumSet.of(Scope.UPLOAD), 365, "x"))
        .thenThrow(Problems.invalid("Access is granted for 1 to 90 days."));
    api(post("/api/v1/mini-programs/3/access-requests"), "{'scopes': ['UPLOAD'], 'days': 365, 'justification': 'x'}")
        .andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "Access is granted for 1 to 90 days."));
    when(revocation.revoke(42L, null))
        .thenThrow(Problems.conflict("Only an active grant can be revoked; this one is EXPIRED."));
    api(post("/api/v1/access-grants/42/revoke")).andExpect(problem(HttpStatus.CONFLICT, CONFLICT, "Conflict",
        "Only an active grant can be revoked; this one is EXPIRED."));
    when(requests.get(43L)).thenThrow(Problems.notFound("Access grant 43"));
    api(get("/api/v1/access-grants/43"))
        .andExpect(problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", "Access grant 43 was not found."));
  }

  @Test
  void grantsAreReadAndRevokedWithAnOptionalReason() throws Exception {
    when(requests.ofMiniProgram(3L)).thenReturn(List.of(grant(41, GrantStatus.ACTIVE)));
    when(revocation.revoke(41L, null)).thenReturn(grant(41, GrantStatus.REVOKED));
    when(revocation.revoke(41L, "left the team")).thenReturn(grant(41, GrantStatus.REVOKED));
    api(get("/api/v1/mini-programs/3/access-grants"))
        .andExpect(jsonPath("$[0].status").value("ACTIVE"))
        .andExpect(jsonPath("$[0].decidedBy").value("admin"))
        .andExpect(jsonPath("$[0].expiresAt").value("2026-03-03T10:00:00Z"));
    api(get("/api/v1/access-grants/41")).andExpect(jsonPath("$.scopes[1]").value("RELEASE"));
    api(post("/api/v1/access-grants/41/revoke")).andExpect(status().isOk())
        .andExpect(jsonPath("$.status").value("REVOKED"));
    api(post("/api/v1/access-grants/41/revoke"), "{'reason': 'left the team'}")
        .andExpect(jsonPath("$.status").value("REVOKED"));
    verify(revocation).revoke(41L, "left the team");
  }

  @Test
  void miniProgramRolesAreForItsWorkspace() throws Exception {
    when(policy.members(3L)).thenReturn(List.of(new AccessPolicy.MiniProgramMember("ann", MiniProgramRole.ADMIN)));
    api(get("/api/v1/mini-programs/3/members"))
        .andExpect(jsonPath("$[0].username").value("ann"))
        .andExpect(jsonPath("$[0].role").value("ADMIN"));
    verify(access).requireMember(1L, "Mini program 3");
    api(put("/api/v1/mini-programs/3/members/bob"), "{'role': 'DEVELOPER'}")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].username").value("ann"));
    verify(policy).assignRole(1L, 3L, "bob", MiniProgramRole.DEVELOPER);
    api(delete("/api/v1/mini-programs/3/members/bob")).andExpect(status().isNoContent());
    verify(policy).removeRole(1L, 3L, "bob");
    api(put("/api/v1/mini-programs/3/members/bob"), "{'role': 'OWNER'}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
            "Field 'role': 'OWNER' is not one of ADMIN, DEVELOPER."));
    api(put("/api/v1/mini-programs/3/members/bob"), "{}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "Field 'role': must not be null"));
    for (var request : List.of(get("/api/v1/mini-programs/9/members"), delete("/api/v1/mini-programs/9/members/bob"))) {
      api(request).andExpect(problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", "Mini program 9 was not found."));
    }
    verify(policy, never()).members(9L);
    verify(policy, never()).removeRole(1L, 9L, "bob");
  }

  // --- pages ---

  @Test
  void theAccessPageOffersRevokeOnActiveGrantsToWhoeverHoldsTheMembersScope() throws Exception {
    when(requests.ofMiniProgram(3L))
        .thenReturn(List.of(grant(41, GrantStatus.ACTIVE), grant(42, GrantStatus.REQUESTED)));
    when(policy.has(1L, 3L, Scope.MEMBERS)).thenReturn(true);
    mvc.perform(get("/mini-programs/3/access").with(user("admin")))
        .andExpect(view().name("authorization/access"))
        .andExpect(model().attribute("canRevoke", true))
        .andExpect(content().string(allOf(containsString("Developer access <small class=\"text-muted\">Shop</small>"),
            containsString("UPLOAD, RELEASE"), containsString("2026-03-03 10:00"),
            containsString("30 days once approved"),
            containsString("action=\"/access-grants/41/revoke\""), not(containsString("/access-grants/42/revoke")),
            containsString("id=\"scope-MEMBERS\""))));
    when(policy.has(1L, 3L, Scope.MEMBERS)).thenReturn(false);
    mvc.perform(get("/mini-programs/3/access").with(user("dev")))
        .andExpect(model().attribute("canRevoke", false))
        .andExpect(content().string(allOf(containsString("id=\"ask-access\""), not(containsString("/revoke\"")))));
    mvc.perform(get("/mini-programs/9/access").with(user("dev")))
        .andExpect(status().isNotFound())
        .andExpect(view().name("error/problem"))
        .andExpect(content().string(containsString("Mini program 9 was not found.")));
    mvc.perform(get("/mini-programs/3/access")).andExpect(redirectedUrl("http://localhost/login"));
  }

  @Test
  void pageActionsNeedTheCsrfToken() throws Exception {
    mvc.perform(post("/mini-programs/3/access-requests").param("scopes", "UPLOAD").param("days", "30")
        .param("justification", "Hotfix for the cart").with(user("dev"))).andExpect(status().isForbidden());
    mvc.perform(post("/access-grants/41/revoke").with(user("admin"))).andExpect(status().isForbidden());
    verifyNoInteractions(revocation);
    verify(requests, never()).get(41L);
  }

  @Test
  void anAccessRequestFromThePageComesBackWithAMessage() throws Exception {
    when(requests.request(3L, EnumSet.noneOf(Scope.class), 0, ""))
        .thenThrow(Problems.invalid("Choose at least one scope."));
    page(post("/mini-programs/3/access-requests").param("scopes", "UPLOAD", "ANALYTICS").param("days", "30")
        .param("justification", "Hotfix for the cart"), "dev")
        .andExpect(redirectedUrl("/mini-programs/3/access"))
        .andExpect(flash().attribute("success", "Access requested: the mini program's admins decide."));
    verify(requests).request(3L, EnumSet.of(Scope.UPLOAD, Scope.ANALYTICS), 30, "Hotfix for the cart");
    page(post("/mini-programs/3/access-requests"), "dev")
        .andExpect(redirectedUrl("/mini-programs/3/access"))
        .andExpect(flash().attribute("error", "Choose at least one scope."));
  }

  @Test
  void revokeFromThePageGoesBackToTheGrantsMiniProgram() throws Exception {
    when(requests.get(42L)).thenReturn(grant(42, GrantStatus.EXPIRED));
    when(revocation.revoke(42L, "")).thenThrow(
        Problems.forbidden("This needs the members scope on this mini program."));
    when(requests.get(43L)).thenThrow(Problems.notFound("Access grant 43"));
    page(post("/access-grants/41/revoke").param("reason", "left the team"), "admin")
        .andExpect(redirectedUrl("/mini-programs/3/access"))
        .andExpect(flash().attribute("success", "Access revoked."));
    verify(revocation).revoke(41L, "left the team");
    page(post("/access-grants/42/revoke"), "dev")
        .andExpect(redirectedUrl("/mini-programs/3/access"))
        .andExpect(flash().attribute("error", "This needs the members scope on this mini program."));
    page(post("/access-grants/43/revoke"), "dev")
        .andExpect(status().isNotFound())
        .andExpect(content().string(containsString("Access grant 43 was not found.")));
  }
}
