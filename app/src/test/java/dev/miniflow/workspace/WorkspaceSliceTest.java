package dev.miniflow.workspace;

import static dev.miniflow.testing.ProblemJson.TOO_LARGE;
import static dev.miniflow.testing.ProblemJson.CONFLICT;
import static dev.miniflow.testing.ProblemJson.FORBIDDEN;
import static dev.miniflow.testing.ProblemJson.INVALID;
import static dev.miniflow.testing.ProblemJson.NOT_FOUND;
import static dev.miniflow.testing.ProblemJson.problem;
import static org.hamcrest.Matchers.allOf;
import static org.hamcrest.Matchers.containsString;
import static org.hamcrest.Matchers.hasSize;
import static org.hamcrest.Matchers.not;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
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

import dev.miniflow.support.AuditEvent;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.testing.WebSlice;
import java.time.Instant;
import java.util.EnumSet;
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

/** The workspace's home, members, invitations and audit trail, pages and API, over mocked services. */
@WebSlice({WorkspaceApi.class, MembersApi.class, MembersPages.class, AuditApi.class, AuditPage.class, HomePage.class,
    PlatformApi.class, PlatformPages.class})
class WorkspaceSliceTest {
  static final Instant AT = Instant.parse("2026-02-01T10:00:00Z");

  @Autowired MockMvc mvc;
  @Autowired WorkspaceAccess access;
  @MockitoBean MembershipService members;
  @MockitoBean Invitations invitations;
  @MockitoBean InvitationAcceptance acceptance;
  @MockitoBean WorkspaceService workspaces;
  @MockitoBean AuditTrail audit;
  @MockitoBean PlatformAdministration platform;

  static Member ann() {
    return new Member("ann", "Ann A.", "ann@example.com", EnumSet.of(Role.DEVELOPER, Role.REVIEWER), false);
  }

  static Invitations.Invitation invitation() {
    return new Invitations.Invitation(7L, "bob@example.com", EnumSet.of(Role.DEVELOPER), AT,
        "http://localhost/invitations/tok-7");
  }

  @BeforeEach
  void names() {
    when(workspaces.workspaceName(1L)).thenReturn("Demo");
    when(workspaces.workspaceName(2L)).thenReturn("Second");
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

  private void roles(String user, Role... roles) {
    when(access.workspacesOf(user)).thenReturn(List.of(1L));
    when(access.rolesOf(user, 1L)).thenReturn(Set.of(roles));
  }

  // --- API ---

  @Test
  void theCallersWorkspacesCarryTheirNamesAndRoles() throws Exception {
    when(access.workspacesOf("dev")).thenReturn(List.of(1L, 2L));
    when(access.rolesOf("dev", 1L)).thenReturn(Set.of(Role.ADMIN));
    when(access.rolesOf("dev", 2L)).thenReturn(Set.of());
    api(get("/api/v1/workspaces"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$", hasSize(2)))
        .andExpect(jsonPath("$[0].id").value(1))
        .andExpect(jsonPath("$[0].name").value("Demo"))
        .andExpect(jsonPath("$[0].roles[0]").value("ADMIN"))
        .andExpect(jsonPath("$[1].roles", hasSize(0)));
    mvc.perform(get("/api/v1/workspaces")).andExpect(status().isUnauthorized());
    mvc.perform(get("/api/v1/workspaces").with(httpBasic("dev", "wrong"))).andExpect(status().isUnauthorized());
  }

  @Test
  void membersAndTheirRolesOverTheApi() throws Exception {
    when(members.members(1L)).thenReturn(List.of(ann()));
    when(members.setRoles(1L, "ann", EnumSet.of(Role.ADMIN))).thenReturn(
        new Member("ann", "Ann A.", "ann@example.com", EnumSet.of(Role.ADMIN), false));
    api(get("/api/v1/workspaces/1/members"))
        .andExpect(jsonPath("$[0].username").value("ann"))
        .andExpect(jsonPath("$[0].displayName").value("Ann A."))
        .andExpect(jsonPath("$[0].email").value("ann@example.com"))
        .andExpect(jsonPath("$[0].roles", hasSize(2)));
    api(put("/api/v1/workspaces/1/members/ann"), "{'roles': ['ADMIN']}")
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.roles[0]").value("ADMIN"));
    api(delete("/api/v1/workspaces/1/members/ann")).andExpect(status().isNoContent());
    verify(members).remove(1L, "ann");
  }

  @Test
  void badRolesReachNoService() throws Exception {
    api(put("/api/v1/workspaces/1/members/ann"), "{'roles': []}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "Field 'roles': size must be between 1 and 6"));
    api(put("/api/v1/workspaces/1/members/ann"), "{}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "Field 'roles': must not be null"));
    api(put("/api/v1/workspaces/1/members/ann"), "{'roles': ['KING']}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", containsString("'KING' is not one of ADMIN")));
    api(post("/api/v1/workspaces/1/invitations"), "{'roles': ['DEVELOPER']}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "Field 'email': must not be null"));
    api(post("/api/v1/workspaces/1/invitations"), "{'email': '" + "e".repeat(255) + "', 'roles': ['DEVELOPER']}")
        .andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
            "Field 'email': size must be between 0 and 254"));
    verifyNoInteractions(members, invitations);
  }

  @Test
  void theServicesRefusalIsTheAnswer() throws Exception {
    when(members.setRoles(1L, "ann", EnumSet.of(Role.DEVELOPER)))
        .thenThrow(Problems.conflict("The last admin of a workspace keeps the admin role."));
    api(put("/api/v1/workspaces/1/members/ann"), "{'roles': ['DEVELOPER']}").andExpect(
        problem(HttpStatus.CONFLICT, CONFLICT, "Conflict", "The last admin of a workspace keeps the admin role."));
    when(members.members(2L)).thenThrow(Problems.notFound("Workspace 2"));
    api(get("/api/v1/workspaces/2/members"))
        .andExpect(problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", "Workspace 2 was not found."));
    when(invitations.invite(1L, "nope", EnumSet.of(Role.DEVELOPER)))
        .thenThrow(Problems.invalid("That is not an email address."));
    api(post("/api/v1/workspaces/1/invitations"), "{'email': 'nope', 'roles': ['DEVELOPER']}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "That is not an email address."));
  }

  @Test
  void anInvitationAnswersWithItsLink() throws Exception {
    when(invitations.invite(1L, "bob@example.com", EnumSet.of(Role.DEVELOPER))).thenReturn(invitation());
    when(invitations.pending(1L)).thenReturn(List.of(invitation()));
    api(post("/api/v1/workspaces/1/invitations"), "{'email': 'bob@example.com', 'roles': ['DEVELOPER']}")
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/v1/workspaces/1/invitations/7"))
        .andExpect(jsonPath("$.id").value(7))
        .andExpect(jsonPath("$.email").value("bob@example.com"))
        .andExpect(jsonPath("$.roles[0]").value("DEVELOPER"))
        .andExpect(jsonPath("$.expiresAt").value("2026-02-01T10:00:00Z"))
        .andExpect(jsonPath("$.link").value("http://localhost/invitations/tok-7"));
    api(get("/api/v1/workspaces/1/invitations")).andExpect(jsonPath("$[0].id").value(7));
  }

  @Test
  void theInviteeNeedsNoAccountToReadAndAcceptTheInvitation() throws Exception {
    when(invitations.offer("tok-7")).thenReturn(
        new Invitations.Offer(7L, "Demo", "bob@example.com", EnumSet.of(Role.DEVELOPER)));
    when(invitations.offer("used")).thenThrow(Problems.notFound("Invitation"));
    mvc.perform(get("/api/v1/invitations/tok-7"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$.invitationId").value(7))
        .andExpect(jsonPath("$.workspaceName").value("Demo"))
        .andExpect(jsonPath("$.email").value("bob@example.com"));
    mvc.perform(get("/api/v1/invitations/used"))
        .andExpect(problem(HttpStatus.NOT_FOUND, NOT_FOUND, "Not found", "Invitation was not found."));
    mvc.perform(post("/api/v1/invitations/tok-7/accept").contentType(MediaType.APPLICATION_JSON)
        .content("{\"username\": \"bob\", \"password\": \"long-enough-1\", \"displayName\": \"Bob\"}"))
        .andExpect(status().isNoContent());
    verify(acceptance).accept("tok-7", "bob", "long-enough-1", "Bob", "127.0.0.1");
    mvc.perform(post("/api/v1/invitations/tok-7/accept").contentType(MediaType.APPLICATION_JSON)
        .content("{\"username\": \"" + "b".repeat(65) + "\", \"password\": \"long-enough-1\"}"))
        .andExpect(problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request",
            "Field 'username': size must be between 0 and 64"));
  }

  @Test
  void theAuditTrailIsForAdminsAndCapsItsRows() throws Exception {
    when(audit.search(any(Long.class), any(), anyInt())).thenReturn(
        List.of(new AuditEvent(5L, AT, "ann", "member.roles", "user", "ann", 1L, "ADMIN, \"DEVELOPER\"", null)));
    api(get("/api/v1/workspaces/1/audit").param("limit", "50000").param("actor", "ann")
        .param("from", "2026-01-01T00:00:00Z"))
        .andExpect(status().isOk())
        .andExpect(jsonPath("$[0].id").value(5))
        .andExpect(jsonPath("$[0].occurredAt").value("2026-02-01T10:00:00Z"))
        .andExpect(jsonPath("$[0].actor").value("ann"))
        .andExpect(jsonPath("$[0].action").value("member.roles"))
        .andExpect(jsonPath("$[0].subjectType").value("user"))
        .andExpect(jsonPath("$[0].subjectId").value("ann"))
        .andExpect(jsonPath("$[0].workspaceId").value(1));
    verify(audit).search(1L,
        new AuditTrail.Filter("ann", null, null, Instant.parse("2026-01-01T00:00:00Z"), null), AuditApi.MAX_ROWS);
    api(get("/api/v1/workspaces/1/audit.csv"))
        .andExpect(status().isOk())
        .andExpect(content().contentTypeCompatibleWith("text/csv"))
        .andExpect(header().string("Content-Disposition", "attachment; filename=\"audit-workspace-1.csv\""))
        .andExpect(content().string(allOf(
            containsString("id,occurred_at,actor,action,subject_type,subject_id,detail,via"),
            containsString("5,2026-02-01T10:00:00Z,ann,member.roles,user,ann,\"ADMIN, \"\"DEVELOPER\"\"\""))));
    api(get("/api/v1/workspaces/1/audit").param("from", "yesterday")).andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", containsString("'from'")));
  }

  @Test
  void aNonAdminReadsNoAuditTrail() throws Exception {
    when(access.require(2L, "Workspace 2", Role.ADMIN))
        .thenThrow(Problems.forbidden("This needs one of the roles [ADMIN] in the workspace."));
    api(get("/api/v1/workspaces/2/audit")).andExpect(problem(HttpStatus.FORBIDDEN, FORBIDDEN, "Not allowed",
        "This needs one of the roles [ADMIN] in the workspace."));
    api(get("/api/v1/workspaces/2/audit.csv")).andExpect(status().isForbidden());
    mvc.perform(get("/workspaces/2/audit").with(user("dev")))
        .andExpect(status().isForbidden())
        .andExpect(view().name("error/problem"))
        .andExpect(content().string(containsString("This needs one of the roles [ADMIN] in the workspace.")));
    verify(audit, never()).search(anyLong(), any(), anyInt());
  }

  @Test
  void aBodyOverTheLimitIsRefusedUnread() throws Exception {
    api(put("/api/v1/workspaces/1/members/ann"), "{'roles': ['ADMIN'], 'x': '" + "x".repeat(257 * 1024) + "'}")
        .andExpect(problem(HttpStatus.PAYLOAD_TOO_LARGE, TOO_LARGE, "Request too large",
            "The request body is larger than the 256 KB allowed here."));
    verifyNoInteractions(members);
  }

  // --- pages ---

  @Test
  void homeTakesAMemberOfOneWorkspaceStraightToIt() throws Exception {
    roles("ann", Role.DEVELOPER);
    mvc.perform(get("/").with(user("ann"))).andExpect(redirectedUrl("/workspaces/1/mini-programs"));
    when(access.workspacesOf("dev")).thenReturn(List.of(1L, 2L));
    mvc.perform(get("/").with(user("dev")))
        .andExpect(view().name("workspace/home"))
        .andExpect(content().string(allOf(containsString(">Demo</a>"), containsString(">Second</a>"),
            containsString("href=\"/workspaces/2/mini-programs\""))));
    mvc.perform(get("/").with(user("nobody")))
        .andExpect(content().string(containsString("You are not a member of any workspace yet.")));
    mvc.perform(get("/")).andExpect(redirectedUrl("http://localhost/login"));
  }

  @Test
  void anAdminIsOfferedRolesInvitationsAndTheAuditTrail() throws Exception {
    when(members.members(1L)).thenReturn(List.of(ann()));
    when(invitations.pending(1L)).thenReturn(List.of(invitation()));
    roles("admin", Role.ADMIN);
    roles("dev", Role.DEVELOPER);
    mvc.perform(get("/workspaces/1/members").with(user("admin")))
        .andExpect(view().name("workspace/members"))
        .andExpect(model().attribute("isAdmin", true))
        .andExpect(content().string(allOf(containsString("Members <small class=\"text-muted\">Demo</small>"),
            containsString("action=\"/workspaces/1/members/ann/roles\""), containsString("id=\"invite\""),
            containsString("id=\"ann-DEVELOPER\" checked"), containsString("bob@example.com as [DEVELOPER]"),
            containsString("href=\"/workspaces/1/audit\""))));
    mvc.perform(get("/workspaces/1/members").with(user("dev")))
        .andExpect(model().attribute("isAdmin", false))
        .andExpect(content().string(allOf(containsString("ann@example.com"), not(containsString("id=\"invite\"")),
            not(containsString("/members/ann/remove")), not(containsString("bob@example.com")))));
    verify(invitations).pending(1L); // once, for the admin
  }

  @Test
  void pageActionsNeedTheCsrfToken() throws Exception {
    mvc.perform(post("/workspaces/1/members/ann/roles").param("roles", "ADMIN").with(user("admin")))
        .andExpect(status().isForbidden());
    mvc.perform(post("/workspaces/1/members/ann/remove").with(user("admin"))).andExpect(status().isForbidden());
    mvc.perform(post("/workspaces/1/invitations").param("email", "bob@example.com").with(user("admin")))
        .andExpect(status().isForbidden());
    mvc.perform(post("/invitations/tok-7").param("username", "bob").param("password", "long-enough-1"))
        .andExpect(status().isForbidden());
    verifyNoInteractions(members, invitations, acceptance);
  }

  @Test
  void rolesAndRemovalFromThePageComeBackWithAMessage() throws Exception {
    when(members.setRoles(1L, "ann", EnumSet.noneOf(Role.class)))
        .thenThrow(Problems.conflict("The last admin of a workspace keeps the admin role."));
    page(post("/workspaces/1/members/ann/roles").param("roles", "DEVELOPER", "REVIEWER"), "admin")
        .andExpect(redirectedUrl("/workspaces/1/members"))
        .andExpect(flash().attribute("success", "Roles of ann saved."));
    verify(members).setRoles(1L, "ann", EnumSet.of(Role.DEVELOPER, Role.REVIEWER));
    page(post("/workspaces/1/members/ann/roles"), "admin")
        .andExpect(redirectedUrl("/workspaces/1/members"))
        .andExpect(flash().attribute("error", "The last admin of a workspace keeps the admin role."));
    page(post("/workspaces/1/members/ann/remove"), "admin")
        .andExpect(redirectedUrl("/workspaces/1/members"))
        .andExpect(flash().attribute("success", "ann was removed from the workspace."));
    verify(members).remove(1L, "ann");
  }

  @Test
  void anInvitationFromThePageShowsItsLinkOnce() throws Exception {
    when(invitations.invite(1L, "bob@example.com", EnumSet.of(Role.DEVELOPER))).thenReturn(invitation());
    when(invitations.invite(1L, "", null)).thenThrow(Problems.invalid("That is not an email address."));
    page(post("/workspaces/1/invitations").param("email", "bob@example.com").param("roles", "DEVELOPER"), "admin")
        .andExpect(redirectedUrl("/workspaces/1/members"))
        .andExpect(flash().attribute("invitationLink", "http://localhost/invitations/tok-7"))
        .andExpect(flash().attribute("success",
            "Invitation for bob@example.com created; it was mailed if mail is set up."));
    page(post("/workspaces/1/invitations"), "admin")
        .andExpect(redirectedUrl("/workspaces/1/members"))
        .andExpect(flash().attribute("error", "That is not an email address."));
  }

  @Test
  void theInvitationPageWelcomesTheNewMember() throws Exception {
    when(invitations.offer("tok-7")).thenReturn(
        new Invitations.Offer(7L, "Demo", "bob@example.com", EnumSet.of(Role.DEVELOPER)));
    when(acceptance.accept("tok-7", "bob", "long-enough-1", "Bob", "127.0.0.1")).thenReturn("Bob");
    when(acceptance.accept("tok-7", "bob", "short", "", "127.0.0.1"))
        .thenThrow(Problems.invalid("A password has at least 10 characters."));
    mvc.perform(get("/invitations/tok-7"))
        .andExpect(view().name("workspace/invitation"))
        .andExpect(content().string(allOf(containsString("Join <span>Demo</span> on Miniflow"),
            containsString("<strong>bob@example.com</strong>"), containsString("action=\"/invitations/tok-7\""))));
    mvc.perform(post("/invitations/tok-7").param("username", "bob").param("password", "long-enough-1")
        .param("displayName", "Bob").with(csrf()))
        .andExpect(redirectedUrl("/login"))
        .andExpect(flash().attribute("success", "Welcome, Bob: log in to start."));
    mvc.perform(post("/invitations/tok-7").param("username", "bob").param("password", "short").with(csrf()))
        .andExpect(redirectedUrl("/invitations/tok-7"))
        .andExpect(flash().attribute("error", "A password has at least 10 characters."));
  }
  @Test
  void theLoginPageShowsTheWelcomeTheInvitationRedirectedWith() throws Exception {
    mvc.perform(get("/login").flashAttr("success", "Welcome, Bob: log in to start.")).andExpect(status().isOk())
        .andExpect(content().string(containsString("Welcome, Bob: log in to start.")));
  }

  @Test
  void theAuditPageFiltersWholeDays() throws Exception {
    when(audit.search(any(Long.class), any(), anyInt())).thenReturn(
        List.of(new AuditEvent(5L, AT, "ann", "member.roles", "user", "ann", 1L, "ADMIN", null)));
    mvc.perform(get("/workspaces/1/audit").param("from", "2026-01-31").param("to", "2026-02-01")
        .param("action", "member.").with(user("admin")))
        .andExpect(view().name("workspace/audit"))
        .andExpect(content().string(allOf(containsString("2026-02-01 10:00:00"), containsString("member.roles"),
            containsString("user ann"))));
    verify(audit).search(1L, new AuditTrail.Filter(null, "member.", null, Instant.parse("2026-01-31T00:00:00Z"),
        Instant.parse("2026-02-02T00:00:00Z")), 500);
  }

  // --- blocking, invitations withdrawn and sent again ---

  @Test
  void blockingAndInvitationsOverTheApi() throws Exception {
    when(members.block(1L, "ann")).thenReturn(new Member("ann", "Ann A.", "ann@example.com",
        EnumSet.of(Role.REVIEWER), true));
    when(members.unblock(1L, "bob")).thenThrow(Problems.conflict("bob is not blocked."));
    when(invitations.resend(1L, 7L)).thenReturn(invitation());
    api(post("/api/v1/workspaces/1/members/ann/block")).andExpect(status().isOk())
        .andExpect(jsonPath("$.blocked").value(true)).andExpect(jsonPath("$.roles[0]").value("REVIEWER"));
    api(post("/api/v1/workspaces/1/members/bob/unblock"))
        .andExpect(problem(HttpStatus.CONFLICT, CONFLICT, "Conflict", "bob is not blocked."));
    api(delete("/api/v1/workspaces/1/invitations/7")).andExpect(status().isNoContent());
    verify(invitations).withdraw(1L, 7L);
    api(post("/api/v1/workspaces/1/invitations/7/resend")).andExpect(status().isOk())
        .andExpect(jsonPath("$.link").value("http://localhost/invitations/tok-7"));
  }

  @Test
  void anAdminBlocksWithdrawsAndResendsFromTheMembersPage() throws Exception {
    when(members.members(1L)).thenReturn(List.of(new Member("ann", "Ann A.", "ann@example.com",
        EnumSet.of(Role.REVIEWER), true)));
    when(invitations.pending(1L)).thenReturn(List.of(invitation()));
    roles("admin", Role.ADMIN);
    mvc.perform(get("/workspaces/1/members").with(user("admin")))
        .andExpect(content().string(allOf(containsString("blocked</span>"),
            containsString("action=\"/workspaces/1/members/ann/unblock\""),
            not(containsString("action=\"/workspaces/1/members/ann/block\"")),
            containsString("bob@example.com as [DEVELOPER], expired 2026-02-01"),
            containsString("action=\"/workspaces/1/invitations/7/resend\""),
            containsString("action=\"/workspaces/1/invitations/7/withdraw\""))));
    when(members.block(1L, "admin")).thenThrow(Problems.invalid("You cannot block yourself."));
    page(post("/workspaces/1/members/admin/block"), "admin")
        .andExpect(redirectedUrl("/workspaces/1/members"))
        .andExpect(flash().attribute("error", "You cannot block yourself."));
    page(post("/workspaces/1/members/ann/unblock"), "admin")
        .andExpect(flash().attribute("success", "ann is unblocked and has their roles back."));
    page(post("/workspaces/1/invitations/7/withdraw"), "admin")
        .andExpect(flash().attribute("success", "Invitation withdrawn: its link no longer works."));
    when(invitations.resend(1L, 7L)).thenReturn(invitation());
    page(post("/workspaces/1/invitations/7/resend"), "admin")
        .andExpect(flash().attribute("invitationLink", "http://localhost/invitations/tok-7"));
  }

  // --- platform administration ---

  static PlatformAdministration.Tenant tenant(long id, String name, Instant archivedAt) {
    return new PlatformAdministration.Tenant(id, name, AT, archivedAt, archivedAt == null ? null : "root",
        List.of("ann"), 3);
  }

  @Test
  void platformWorkspacesOverTheApi() throws Exception {
    when(platform.workspaces()).thenReturn(List.of(tenant(1L, "Demo", null), tenant(2L, "Old", AT)));
    when(platform.create("Acme")).thenReturn(tenant(3L, "Acme", null));
    when(platform.archive(1L)).thenThrow(Problems.conflict("This workspace is archived already."));
    when(platform.inviteAdmin(3L, "boss@acme.example")).thenReturn(invitation());
    api(get("/api/v1/platform/workspaces")).andExpect(jsonPath("$", hasSize(2)))
        .andExpect(jsonPath("$[1].archivedBy").value("root")).andExpect(jsonPath("$[0].admins[0]").value("ann"));
    api(post("/api/v1/platform/workspaces"), "{'name': 'Acme'}").andExpect(status().isCreated())
        .andExpect(header().string("Location", "/api/v1/platform/workspaces/3"));
    api(post("/api/v1/platform/workspaces"), "{}").andExpect(
        problem(HttpStatus.BAD_REQUEST, INVALID, "Invalid request", "Field 'name': must not be null"));
    api(post("/api/v1/platform/workspaces/1/archive"))
        .andExpect(problem(HttpStatus.CONFLICT, CONFLICT, "Conflict", "This workspace is archived already."));
    api(post("/api/v1/platform/workspaces/3/invitations"), "{'email': 'boss@acme.example'}")
        .andExpect(status().isCreated()).andExpect(jsonPath("$.link").value("http://localhost/invitations/tok-7"));
    verify(platform, never()).create(null);
  }

  @Test
  void thePlatformPageListsArchivesAndInvites() throws Exception {
    when(platform.workspaces()).thenReturn(List.of(tenant(1L, "Demo", null), tenant(2L, "Old", AT)));
    when(platform.restore(2L)).thenReturn(tenant(2L, "Old", null));
    when(platform.rename(1L, "")).thenThrow(Problems.invalid("A workspace name has 1 to 128 characters."));
    mvc.perform(get("/platform/workspaces").with(user("root")))
        .andExpect(view().name("workspace/platform"))
        .andExpect(content().string(allOf(containsString("archived 2026-02-01 by root"),
            containsString("action=\"/platform/workspaces/1/archive\""),
            containsString("action=\"/platform/workspaces/2/restore\""),
            not(containsString("action=\"/platform/workspaces/2/invitations\"")))));
    page(post("/platform/workspaces/2/restore"), "root")
        .andExpect(redirectedUrl("/platform/workspaces"))
        .andExpect(flash().attribute("success", "Workspace Old restored."));
    page(post("/platform/workspaces/1/rename"), "root")
        .andExpect(flash().attribute("error", "A workspace name has 1 to 128 characters."));
  }
}
