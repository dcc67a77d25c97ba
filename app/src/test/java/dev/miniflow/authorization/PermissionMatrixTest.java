package dev.miniflow.authorization;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ApiClient.Reply;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Endpoints;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.SessionClient;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint the application maps × every kind of caller, inside one workspace. The endpoints
 * come from the application's own request mappings; the expectations from an explicit table keyed
 * by "METHOD /pattern", derived from the access checks in the services (WorkspaceAccess.require,
 * AccessPolicy.require(scope), ProcessDeployments, TaskAudience, ProcessMonitor). A new endpoint
 * without a row, or a row without an endpoint, fails the test.
 *
 * <p>"Allowed" means the permission check let the call through: the status is not 401, 403 or 404
 * and below 500 (it may still fail on the data: 400, 409, 422). "Refused" means 403 for a member
 * of the workspace, and for the platform process owner, who is no member of it, 404 (nothing of a
 * workspace leaks to a non-member) unless the endpoint is not about one workspace (then 403).
 * Changes that would destroy what other cells need are called with input that fails validation
 * AFTER the permission check, so an allowed cell proves the check passed, not that the change
 * was made. Anonymous callers and members of other workspaces: {@code EndpointAccessTest}.
 *
 * <p>Page POSTs run with a logged-in session and its CSRF token, like the browser. They always
 * answer with a redirect and a flash message ({@code Flash.run}); the cell follows the redirect
 * and reads the message: a "not allowed" message counts as 403, a "not found" one as 404, anything
 * else (success or a validation message) as allowed. When the redirect goes back to a page the
 * caller may not see (an outsider, a task that is not theirs), that page's 403/404 is the result:
 * it shows the caller was turned away, but not by the action's own check.
 */
@EmbeddedMiniflowTest
class PermissionMatrixTest {
  private static final String PASSWORD = "matrix-pass-1";
  private static final Pattern META_CSRF = Pattern.compile("<meta name=\"_csrf\" content=\"([^\"]+)\"");
  private static final Pattern ALERT = Pattern.compile("class=\"alert alert-danger\" role=\"alert\">([^<]*)<");
  /** The details of Problems.forbidden(...) in the services, as the flash shows them. */
  private static final Pattern FORBIDDEN = Pattern.compile("This needs one of the roles|This needs the \\w+ scope"
      + "|who asked for this (release|removal), can withdraw|Only workspace admins assign|This task is for "
      + "|yourself: someone else has to review|Roles on a mini program are changed by|The monitor is for workspace admins"
      + "|The process console is for process owners|changed by the platform|Only workspace members can read"
      + "|Workspaces are administered by platform admins|who changed the listing, can withdraw"
      + "|ends or uses their own out of office|changes this view|This view is "
      + "|who asked for this release, can ask for an urgent review");
  private static final Pattern NOT_FOUND = Pattern.compile(" was not found\\.");

  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;
  @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;

  /**
   * The columns: one per workspace role; the mini program's own admin (a DEVELOPER who created
   * it); a DEVELOPER who is a developer of the mini program (a role given by its admin); a
   * DEVELOPER holding an active UPLOAD+RELEASE grant on it; the platform's process owner
   * (demo user "admin": platform roles, ADMIN of the demo workspace, no member of this one).
   */
  enum Caller {
    ADMIN, REVIEWER, DEVELOPER, OPERATOR, INSPECTOR, PROCESS_OWNER, MINI_PROGRAM_ADMIN, MINI_PROGRAM_DEVELOPER,
    GRANT_HOLDER, PLATFORM_PROCESS_OWNER
  }

  record Result(int status, String detail) {}

  interface Call {
    Result as(Caller caller);
  }

  /** @param outsider what the platform process owner gets when refused: 404 in a workspace, 403 otherwise */
  record Row(Set<Caller> allowed, int outsider, Call call) {}

  String base;
  final Map<Caller, String> names = new EnumMap<>(Caller.class);
  final Map<Caller, String[]> sessions = new EnumMap<>(Caller.class); // cookie, CSRF token
  final HttpClient http = HttpClient.newHttpClient();

  @TestFactory
  Stream<DynamicTest> everyEndpointForEveryCaller() throws Exception {
    base = "http://localhost:" + port;
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    for (Caller caller : Caller.values()) {
      names.put(caller, caller == Caller.PLATFORM_PROCESS_OWNER ? "admin"
          : caller.name().toLowerCase().replace('_', '-') + "-" + suffix);
    }
    // members whose roles or membership cells change: none of them a caller, so no cell changes another's rights
    String bystander = "bystander-" + suffix;
    String leaverApi = "leaver-api-" + suffix;
    String leaverPage = "leaver-page-" + suffix;
    long ws = tx.execute(s -> {
      long id = workspaces.createWorkspace("Matrix " + suffix, "test");
      names.forEach((caller, name) -> {
        if (caller == Caller.PLATFORM_PROCESS_OWNER) {
          return;
        }
        workspaces.createAccount(name, name, null, PASSWORD, "test");
        Role role = caller == Caller.MINI_PROGRAM_ADMIN || caller == Caller.MINI_PROGRAM_DEVELOPER
            || caller == Caller.GRANT_HOLDER ? Role.DEVELOPER : Role.valueOf(caller.name());
        workspaces.addMember(id, name, Set.of(role), "test");
      });
      for (String name : List.of(bystander, leaverApi, leaverPage)) {
        workspaces.createAccount(name, name, null, PASSWORD, "test");
        workspaces.addMember(id, name, Set.of(Role.REVIEWER), "test");
      }
      return id;
    });

    ApiClient owner = client(Caller.MINI_PROGRAM_ADMIN);
    long mp = owner.createMiniProgram(ws, "Matrix " + suffix).id();
    long version = owner.upload(mp, "1.0.0", TestPackages.valid()).id();
    assertThat(owner.uploadLogo(mp, png()).status()).isEqualTo(200);
    assertThat(owner.put("/api/v1/mini-programs/" + mp + "/members/" + names.get(Caller.MINI_PROGRAM_DEVELOPER),
        Map.of("role", "DEVELOPER")).status()).isEqualTo(200);
    long targetApp = owner.defaultTargetAppId(ws);
    long release = owner.post("/api/v1/releases", Map.of("versionId", version, "targetAppId", targetApp,
        "environment", "PRODUCTION")).releaseId();
    Releases.awaitStatus(owner, release, "UNDER_REVIEW");
    long task = await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
        "select max(id) from user_task where process_id = 'release' and business_key = :r")
        .param("r", String.valueOf(release)).query(Long.class).optional().orElse(null), java.util.Objects::nonNull);
    long instance = jdbc.sql("select process_instance_key from user_task where id = :t").param("t", task)
        .query(Long.class).single();

    // the grant holder: asks for upload + release, the mini program's admin approves through the task
    ApiClient holder = client(Caller.GRANT_HOLDER);
    Reply asked = holder.post("/api/v1/mini-programs/" + mp + "/access-requests", Map.of("scopes",
        List.of("UPLOAD", "RELEASE"), "days", 30, "justification", "Permission matrix: the grant holder column"));
    assertThat(asked.status()).as(String.valueOf(asked.body())).isEqualTo(201);
    long grant = asked.id();
    long grantTask = Releases.awaitTask(owner, "authorization", grant);
    assertThat(owner.post("/api/v1/tasks/" + grantTask + "/complete", Map.of("decision", "approve", "comment", "ok"))
        .status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      var g = holder.get("/api/v1/access-grants/" + grant).body();
      return "ACTIVE".equals(g.path("status").asText()) && g.get("expiresAt").isTextual();
    });

    var promotion = owner.post("/api/v1/mini-programs/" + mp + "/promotion-codes", Map.of("targetAppId", targetApp,
        "pagePath", "pages/index/index"));
    assertThat(promotion.status()).as(String.valueOf(promotion.body())).isEqualTo(201);
    long code = promotion.body().get("code").get("id").asLong();
    var preview = owner.post("/api/v1/versions/" + version + "/preview-codes", Map.of("testers", List.of("alice")));
    assertThat(preview.status()).as(String.valueOf(preview.body())).isEqualTo(201);
    long previewId = preview.id();

    // the workspace's own variant of the release process (after the release above, which runs the default)
    String releaseXml = Files.readString(Path.of("../bpmn/release.bpmn"));
    var variant = client(Caller.PROCESS_OWNER).postText("/api/v1/processes?workspaceId=" + ws,
        MediaType.APPLICATION_XML, releaseXml.replace("name=\"Notify operators\"", "name=\"Notify our operators\""));
    assertThat(variant.status()).as(String.valueOf(variant.body())).isEqualTo(200);

    // a removal asked for by the mini program's admin, and a resolved incident of the release's instance:
    // written directly, as reaching them through the processes needs a live release and a failing worker
    long removal = jdbc.sql("""
            insert into removal(workspace_id, mini_program_id, kind, status, release_ids, reason, requested_by)
            values (:ws, :mp, 'REQUESTED', 'UNDER_REVIEW', array[:r]::bigint[], 'matrix', :by) returning id""")
        .param("ws", ws).param("mp", mp).param("r", release).param("by", names.get(Caller.MINI_PROGRAM_ADMIN))
        .query(Long.class).single();
    long incident = Math.abs(UUID.randomUUID().getMostSignificantBits() >>> 1);
    jdbc.sql(
        """
            insert into incident(incident_key, process_instance_key, element_id, error_type, error_message, state,
              created_at, resolved_at) values (:k, :i, 'matrix', 'JOB_NO_RETRIES', 'matrix', 'RESOLVED', now(), now())""")
        .param("k", incident).param("i", instance).update();

    // an emergency freeze of the mini program, as one leaves its row (its removals are not needed to read it)
    long freeze = jdbc.sql("""
            insert into listing_freeze(workspace_id, mini_program_id, reason, frozen_by)
            values (:ws, :mp, 'matrix freeze', 'matrix') returning id""").param("ws", ws).param("mp", mp)
        .query(Long.class).single();
    // a finished batch operation over that instance, as the monitor's batch runner leaves one
    long batch = jdbc.sql("""
            insert into batch_operation(kind, filter, created_by, total, finished_at)
            values ('CANCEL_INSTANCES', '{}', 'matrix', 1, now()) returning id""").query(Long.class).single();
    jdbc.sql("""
            insert into batch_operation_item(batch_id, item_no, process_instance_key, workspace_id, state, done_at)
            values (:b, 1, :i, :ws, 'FAILED', now())""").param("b", batch).param("i", instance).param("ws", ws)
        .update();

    // a workspace the platform rows archive and restore, and invitations the admin withdraws and sends again
    long spare = tx.execute(s -> workspaces.createWorkspace("Matrix spare " + suffix, "test"));
    // a capability request that was refused: revoking it is a conflict after the admin check
    long refusedGrant = jdbc.sql("""
            insert into capability_grant(workspace_id, mini_program_id, target_app_id, capability_code, status,
              justification, use_description, requested_by) values (:ws, :mp, :app, 'matrix', 'REJECTED', 'm', 'm', 'm')
            returning id""").param("ws", ws).param("mp", mp).param("app", targetApp).query(Long.class).single();
    // listing changes asked for by the mini program's admin, written directly (reaching them needs a live release)
    long[] listingChanges = new long[2];
    long[] listingApps = {targetApp, owner.get("/api/v1/workspaces/" + ws + "/target-apps").body().get(1).get("id")
        .asLong()};
    for (int i = 0; i < listingChanges.length; i++) {
      long listingApp = listingApps[i];
      listingChanges[i] = jdbc.sql("""
              insert into listing_change(workspace_id, mini_program_id, target_app_id, status, listing, previous,
                requested_by) values (:ws, :mp, :app, 'UNDER_REVIEW', '{}', '{}', :by) returning id""")
          .param("ws", ws).param("mp", mp).param("app", listingApp).param("by", names.get(Caller.MINI_PROGRAM_ADMIN))
          .query(Long.class).single();
    }
    long spareApp = client(Caller.ADMIN).post("/api/v1/workspaces/" + ws + "/target-apps",
        Map.of("code", "matrix-spare", "name", "Spare")).id();
    long[] invitations = new long[4];
    for (int i = 0; i < invitations.length; i++) {
      invitations[i] = client(Caller.ADMIN).post("/api/v1/workspaces/" + ws + "/invitations",
          Map.of("email", "matrix" + i + "@example.com", "roles", List.of("REVIEWER"))).id();
    }

    Map<String, String> ids = Map.of("bpmnProcessId", variant.text("bpmnProcessId"),
        "key", variant.body().get("key").asText());

    Set<Caller> everyone = EnumSet.allOf(Caller.class);
    Set<Caller> members = EnumSet.complementOf(EnumSet.of(Caller.PLATFORM_PROCESS_OWNER));
    // WorkspaceAccess.require(DEVELOPER, ADMIN): the workspace role, whatever the mini program
    Set<Caller> workspaceDevelopers = EnumSet.of(Caller.ADMIN, Caller.DEVELOPER, Caller.MINI_PROGRAM_ADMIN,
        Caller.MINI_PROGRAM_DEVELOPER, Caller.GRANT_HOLDER);
    // AccessPolicy UPLOAD / RELEASE: workspace admins, the mini program's roles, the grant's scopes
    Set<Caller> uploaders = EnumSet.of(Caller.ADMIN, Caller.MINI_PROGRAM_ADMIN, Caller.MINI_PROGRAM_DEVELOPER,
        Caller.GRANT_HOLDER);
    Set<Caller> releasers = uploaders;
    // AccessPolicy MEMBERS (and requireRoleManager): workspace admins and the mini program's admins
    Set<Caller> miniProgramAdmins = EnumSet.of(Caller.ADMIN, Caller.MINI_PROGRAM_ADMIN);
    Set<Caller> operators = EnumSet.of(Caller.ADMIN, Caller.OPERATOR);
    Set<Caller> admins = EnumSet.of(Caller.ADMIN);
    Set<Caller> requester = EnumSet.of(Caller.MINI_PROGRAM_ADMIN); // asked for the release and the removal
    // the release review task: candidate group reviewers; workspace admins see it but are no candidates
    Set<Caller> taskReaders = EnumSet.of(Caller.ADMIN, Caller.REVIEWER);
    Set<Caller> candidates = EnumSet.of(Caller.REVIEWER);
    // requireProcessOwner: a platform process owner or a process owner of any workspace
    Set<Caller> processOwners = EnumSet.of(Caller.PROCESS_OWNER, Caller.PLATFORM_PROCESS_OWNER);
    Set<Caller> workspaceProcessOwner = EnumSet.of(Caller.PROCESS_OWNER); // a variant of this workspace
    // ProcessMonitor.adminWorkspaces: an admin of any workspace ("admin" is one of the demo workspace)
    Set<Caller> anyAdmins = EnumSet.of(Caller.ADMIN, Caller.PLATFORM_PROCESS_OWNER);
    Set<Caller> analysts = EnumSet.of(Caller.ADMIN, Caller.PROCESS_OWNER);

    String mps = "/api/v1/mini-programs/" + mp;
    String rel = "/api/v1/releases/" + release;
    String tasks = "/api/v1/tasks/" + task;
    String wsApi = "/api/v1/workspaces/" + ws;
    int[] counter = {0};
    Map<String, Row> table = new LinkedHashMap<>();
    // --- about the caller themselves: everyone gets their own
    table.put("GET /api/v1/workspaces", row(everyone, get("/api/v1/workspaces")));
    table.put("GET /api/v1/tasks", row(everyone, get("/api/v1/tasks")));
    table.put("GET /api/v1/notifications", row(everyone, get("/api/v1/notifications")));
    table.put("GET /api/v1/me/requests", row(everyone, get("/api/v1/me/requests")));
    table.put("GET /requests", row(everyone, get("/requests")));
    table.put("POST /api/v1/notifications/read", row(everyone, json("POST", "/api/v1/notifications/read", "{}")));
    table.put("GET /", row(everyone, get("/")));
    table.put("GET /inbox", row(everyone, get("/inbox")));
    table.put("POST /inbox/read", row(everyone, page("/inbox/read", "")));
    table.put("GET /tasks", row(everyone, get("/tasks")));
    table.put("GET /tasks/table", row(everyone, get("/tasks/table")));
    table.put("GET /releases", row(everyone, get("/releases")));

    // --- mini programs and versions
    table.put("GET /api/v1/workspaces/{workspaceId}/mini-programs", row(members, get(wsApi + "/mini-programs")));
    table.put("POST /api/v1/workspaces/{workspaceId}/mini-programs", row(workspaceDevelopers, fresh("POST",
        wsApi + "/mini-programs", () -> "{\"name\":\"M" + (++counter[0]) + " " + suffix + "\"}")));
    table.put("GET /api/v1/mini-programs/{id}", row(members, get(mps)));
    table.put("PATCH /api/v1/mini-programs/{id}", row(uploaders, json("PATCH", mps, "{\"category\":\"tools\"}")));
    // not an image: refused as invalid after the upload scope was checked
    table.put("PUT /api/v1/mini-programs/{id}/logo", row(uploaders, c -> result(client(c).uploadLogo(mp,
        "not an image".getBytes(StandardCharsets.UTF_8)))));
    table.put("GET /api/v1/mini-programs/{id}/versions", row(members, get(mps + "/versions")));
    table.put("GET /api/v1/versions/{versionId}", row(members, get("/api/v1/versions/" + version)));
    // the package's contents are the mini program's code: only those who may upload to it
    table.put("GET /api/v1/versions/{versionId}/package",
        row(uploaders, get("/api/v1/versions/" + version + "/package")));
    // an invalid version number (422) after the upload scope: no version is added
    table.put("POST /api/v1/mini-programs/{id}/versions", row(uploaders, c -> result(client(c).upload(mp, "x.y",
        TestPackages.valid()))));
    table.put("GET /workspaces/{workspaceId}/mini-programs", row(members, get("/workspaces/" + ws + "/mini-programs")));
    table.put("POST /workspaces/{workspaceId}/mini-programs", row(workspaceDevelopers,
        page("/workspaces/" + ws + "/mini-programs", "name=")));
    table.put("GET /mini-programs/{id}", row(members, get("/mini-programs/" + mp)));
    table.put("POST /mini-programs/{id}/versions", row(uploaders, multipart("/mini-programs/" + mp + "/versions",
        "version", "x.y", "package", TestPackages.valid())));
    table.put("POST /mini-programs/{id}/profile", row(uploaders, page("/mini-programs/" + mp + "/profile",
        "description=Matrix")));
    table.put("POST /mini-programs/{id}/logo", row(uploaders, multipart("/mini-programs/" + mp + "/logo",
        null, null, "logo", "not an image".getBytes(StandardCharsets.UTF_8))));
    table.put("GET /mini-programs/{id}/logo", row(members, get("/mini-programs/" + mp + "/logo")));

    // --- releases (UNDER_REVIEW: the operators' steps answer 409 or 400 after their check, nothing moves)
    table.put("POST /api/v1/releases", row(releasers, json("POST", "/api/v1/releases", "{\"versionId\":" + version
        + ",\"targetAppId\":" + targetApp + ",\"environment\":\"PRODUCTION\"}")));
    table.put("GET /api/v1/releases/{id}", row(members, get(rel)));
    table.put("GET /api/v1/releases/{id}/audit", row(members, get(rel + "/audit")));
    table.put("GET /api/v1/releases/{id}/rollback-targets", row(members, get(rel + "/rollback-targets")));
    // the requester asks for an urgent review (an empty reason fails after the check)
    table.put("POST /api/v1/releases/{id}/expedite", row(requester, json("POST", rel + "/expedite",
        "{\"reason\":\"\"}")));
    table.put("POST /releases/{id}/expedite", row(requester, page("/releases/" + release + "/expedite", "reason=")));
    table.put("GET /api/v1/workspaces/{workspaceId}/expedite-quota", row(members, get(wsApi + "/expedite-quota")));
    table.put("GET /api/v1/workspaces/{workspaceId}/releases", row(members, get(wsApi + "/releases")));
    table.put("GET /api/v1/mini-programs/{miniProgramId}/releases", row(members, get(mps + "/releases")));
    // a control character in the reason: invalid after the requester check, the release stays
    table.put("POST /api/v1/releases/{id}/withdraw", row(requester, json("POST", rel + "/withdraw",
        "{\"reason\":\"bad\\u0007\"}")));
    table.put("POST /api/v1/releases/{id}/cancel", row(operators, json("POST", rel + "/cancel", "{}"))); // no reason
    table.put("POST /api/v1/releases/{id}/pilot",
        row(operators, json("POST", rel + "/pilot", "{\"testers\":[\"t1\"]}")));
    table.put("POST /api/v1/releases/{id}/grayscale",
        row(operators, json("POST", rel + "/grayscale", "{\"percent\":0}")));
    table.put("POST /api/v1/releases/{id}/full", row(operators, json("POST", rel + "/full", (String) null)));
    table.put("POST /api/v1/releases/{id}/rollback", row(operators, json("POST", rel + "/rollback", (String) null)));
    // phased releases: members read (204: no plan yet); operators plan (an empty plan is invalid after the
    // check), pause and resume (409: nothing to pause) and revert (a reason is required after the check)
    table.put("GET /api/v1/releases/{id}/phased-plan", row(members, get(rel + "/phased-plan")));
    table.put("POST /api/v1/releases/{id}/phased-plan",
        row(operators, json("POST", rel + "/phased-plan", "{\"steps\":[]}")));
    table.put("POST /api/v1/releases/{id}/phased-plan/pause",
        row(operators, json("POST", rel + "/phased-plan/pause", (String) null)));
    table.put("POST /api/v1/releases/{id}/phased-plan/resume",
        row(operators, json("POST", rel + "/phased-plan/resume", (String) null)));
    table.put("POST /api/v1/releases/{id}/phased-plan/revert",
        row(operators, json("POST", rel + "/phased-plan/revert", "{\"reason\":\"\"}")));
    table.put("GET /releases/new", row(members, get("/releases/new?versionId=" + version)));
    table.put("POST /releases", row(releasers, page("/releases", "versionId=" + version + "&targetAppIds=" + targetApp
        + "&environment=PRODUCTION")));
    table.put("GET /releases/{id}", row(members, get("/releases/" + release)));
    table.put("GET /mini-programs/{id}/releases-fragment",
        row(members, get("/mini-programs/" + mp + "/releases-fragment")));
    table.put("GET /mini-programs/{id}/board", row(members, get("/mini-programs/" + mp + "/board")));
    table.put("POST /releases/{id}/withdraw",
        row(requester, page("/releases/" + release + "/withdraw", "reason=bad%07")));
    table.put("POST /releases/{id}/cancel", row(operators, page("/releases/" + release + "/cancel", "reason=")));
    table.put("POST /releases/{id}/pilot", row(operators, page("/releases/" + release + "/pilot", "testers=t1")));
    table.put("POST /releases/{id}/grayscale",
        row(operators, page("/releases/" + release + "/grayscale", "percent=0")));
    table.put("POST /releases/{id}/full", row(operators, page("/releases/" + release + "/full", "")));
    table.put("POST /releases/{id}/rollback", row(operators, page("/releases/" + release + "/rollback", "")));
    table.put("POST /releases/{id}/phased-plan",
        row(operators, page("/releases/" + release + "/phased-plan", "percents=")));
    table.put("POST /releases/{id}/phased-plan/pause",
        row(operators, page("/releases/" + release + "/phased-plan/pause", "")));
    table.put("POST /releases/{id}/phased-plan/resume",
        row(operators, page("/releases/" + release + "/phased-plan/resume", "")));
    table.put("POST /releases/{id}/phased-plan/revert",
        row(operators, page("/releases/" + release + "/phased-plan/revert", "reason=")));

    // --- target apps, members, invitations, audit
    table.put("GET /api/v1/workspaces/{workspaceId}/target-apps", row(members, get(wsApi + "/target-apps")));
    // capabilities: members read catalogues and grants; admins keep catalogues and revoke; those who may release ask.
    // An invalid code, an unknown capability or a grant not granted fails after the check.
    String catalogue = "/api/v1/target-apps/" + targetApp + "/capabilities";
    table.put("GET /api/v1/target-apps/{id}/capabilities", row(members, get(catalogue)));
    table.put("PUT /api/v1/target-apps/{id}/capabilities/{code}", row(admins, json("PUT", catalogue + "/9nine",
        "{\"name\":\"x\",\"reviewed\":true}")));
    table.put("DELETE /api/v1/target-apps/{id}/capabilities/{code}", row(admins, c -> result(client(c)
        .delete(catalogue + "/9nine"))));
    table.put("GET /api/v1/mini-programs/{id}/capabilities", row(members, get(mps + "/capabilities")));
    table.put("POST /api/v1/mini-programs/{id}/capability-requests", row(releasers, json("POST", mps
        + "/capability-requests",
        "{\"targetAppId\":" + targetApp + ",\"capabilities\":[\"teleport\"],"
            + "\"justification\":\"matrix\",\"useDescription\":\"matrix\"}")));
    table.put("POST /api/v1/capability-grants/{id}/revoke", row(admins, json("POST", "/api/v1/capability-grants/"
        + refusedGrant + "/revoke", "{\"reason\":\"matrix\"}")));
    table.put("GET /workspaces/{workspaceId}/capabilities", row(members, get("/workspaces/" + ws + "/capabilities")));
    table.put("POST /target-apps/{id}/capabilities", row(admins, page("/target-apps/" + targetApp + "/capabilities",
        "code=Not+A+Code&name=x")));
    table.put("POST /target-apps/{id}/capabilities/{code}/remove", row(admins, page("/target-apps/" + targetApp
        + "/capabilities/9nine/remove", "")));
    table.put("GET /mini-programs/{id}/capabilities", row(members, get("/mini-programs/" + mp + "/capabilities")));
    table.put("POST /mini-programs/{id}/capability-requests", row(releasers, page("/mini-programs/" + mp
        + "/capability-requests",
        "targetAppId=" + targetApp + "&capabilities=teleport&justification=m&useDescription=m")));
    table.put("POST /capability-grants/{id}/revoke", row(admins, page("/capability-grants/" + refusedGrant
        + "/revoke", "reason=matrix&miniProgramId=" + mp)));
    // listing changes: members read them, whoever made one withdraws it (once; later calls are a conflict)
    table.put("GET /api/v1/mini-programs/{id}/listing-changes", row(members, get(mps + "/listing-changes")));
    table.put("GET /api/v1/listing-changes/{id}", row(members, get("/api/v1/listing-changes/" + listingChanges[0])));
    table.put("GET /mini-programs/{id}/listing-changes",
        row(members, get("/mini-programs/" + mp + "/listing-changes")));
    table.put("POST /api/v1/listing-changes/{id}/withdraw", row(requester, json("POST", "/api/v1/listing-changes/"
        + listingChanges[0] + "/withdraw", (String) null)));
    table.put("POST /listing-changes/{id}/withdraw", row(requester, page("/listing-changes/" + listingChanges[1]
        + "/withdraw", "")));
    // texts in further languages: members read them, uploaders change them; a bad language is invalid after the check
    table.put("GET /api/v1/mini-programs/{id}/texts", row(members, get(mps + "/texts")));
    table.put("PUT /api/v1/mini-programs/{id}/texts/{language}", row(uploaders, json("PUT", mps + "/texts/9x",
        "{\"name\":\"x\",\"description\":\"y\"}")));
    table.put("DELETE /api/v1/mini-programs/{id}/texts/{language}", row(uploaders, c -> result(client(c)
        .delete(mps + "/texts/9x"))));
    table.put("GET /mini-programs/{id}/texts", row(members, get("/mini-programs/" + mp + "/texts")));
    table.put("POST /mini-programs/{id}/texts", row(uploaders, page("/mini-programs/" + mp + "/texts",
        "language=9x&name=x&description=y")));
    table.put("POST /mini-programs/{id}/texts/{language}/remove", row(uploaders, page("/mini-programs/" + mp
        + "/texts/9x/remove", "")));
    // allowed domains: members read them, those who may release change them; a bad domain is invalid after the check
    table.put("GET /api/v1/mini-programs/{id}/domains", row(members, get(mps + "/domains")));
    table.put("PUT /api/v1/mini-programs/{id}/domains", row(releasers, json("PUT", mps + "/domains",
        "{\"request\":[\"not a domain\"]}")));
    table.put("GET /api/v1/versions/{versionId}/domains", row(members, get("/api/v1/versions/" + version
        + "/domains")));
    table.put("PUT /api/v1/versions/{versionId}/domains", row(releasers, json("PUT", "/api/v1/versions/" + version
        + "/domains", "{\"request\":[\"not a domain\"]}")));
    table.put("GET /mini-programs/{id}/domains", row(members, get("/mini-programs/" + mp + "/domains")));
    table.put("POST /mini-programs/{id}/domains", row(releasers, page("/mini-programs/" + mp + "/domains",
        "request=not+a+domain")));
    table.put("PUT /api/v1/target-apps/{id}", row(admins, json("PUT", "/api/v1/target-apps/" + targetApp,
        "{\"name\":\"Own app\"}")));
    table.put("POST /api/v1/workspaces/{workspaceId}/target-apps", row(admins, json("POST", wsApi + "/target-apps",
        "{\"code\":\"Not A Code\",\"name\":\"x\"}")));
    table.put("PUT /api/v1/target-apps/{id}/listing-rules", row(admins, json("PUT", "/api/v1/target-apps/"
        + targetApp + "/listing-rules", "{\"nameMin\":50,\"nameMax\":40}")));
    // the spare app: the first admin call disables it, later ones find it disabled (409 after the check)
    table.put("POST /api/v1/target-apps/{id}/disable", row(admins, json("POST", "/api/v1/target-apps/" + spareApp
        + "/disable", (String) null)));
    table.put("POST /api/v1/target-apps/{id}/enable", row(admins, json("POST", "/api/v1/target-apps/" + targetApp
        + "/enable", (String) null)));
    table.put("GET /workspaces/{workspaceId}/target-apps", row(members, get("/workspaces/" + ws + "/target-apps")));
    table.put("POST /workspaces/{workspaceId}/target-apps", row(admins, page("/workspaces/" + ws + "/target-apps",
        "code=Not+A+Code&name=x")));
    table.put("POST /target-apps/{id}/settings", row(admins, page("/target-apps/" + targetApp + "/settings",
        "name=")));
    table.put("POST /target-apps/{id}/listing-rules", row(admins, page("/target-apps/" + targetApp
        + "/listing-rules", "nameMin=50&nameMax=40")));
    table.put("POST /target-apps/{id}/disable", row(admins, page("/target-apps/" + spareApp + "/disable", "")));
    table.put("POST /target-apps/{id}/enable", row(admins, page("/target-apps/" + targetApp + "/enable", "")));
    table.put("GET /api/v1/workspaces/{workspaceId}/members", row(members, get(wsApi + "/members")));
    table.put("PUT /api/v1/workspaces/{workspaceId}/members/{username}", row(admins, json("PUT",
        wsApi + "/members/" + bystander, "{\"roles\":[\"REVIEWER\"]}")));
    // not an e-mail address: invalid after the admin check, no invitation
    table.put("POST /api/v1/workspaces/{workspaceId}/invitations", row(admins, json("POST", wsApi + "/invitations",
        "{\"email\":\"not-an-address\",\"roles\":[\"REVIEWER\"]}")));
    table.put("GET /api/v1/workspaces/{workspaceId}/invitations", row(admins, get(wsApi + "/invitations")));
    table.put("GET /api/v1/workspaces/{workspaceId}/audit", row(admins, get(wsApi + "/audit")));
    table.put("GET /api/v1/workspaces/{workspaceId}/audit.csv", row(admins, get(wsApi + "/audit.csv")));
    table.put("GET /workspaces/{workspaceId}/members", row(members, get("/workspaces/" + ws + "/members")));
    table.put("POST /workspaces/{workspaceId}/members/{username}/roles", row(admins,
        page("/workspaces/" + ws + "/members/" + bystander + "/roles", "roles=REVIEWER")));
    table.put("POST /workspaces/{workspaceId}/invitations", row(admins, page("/workspaces/" + ws + "/invitations",
        "email=not-an-address&roles=REVIEWER")));
    table.put("GET /workspaces/{workspaceId}/audit", row(admins, get("/workspaces/" + ws + "/audit")));
    // blocking oneself is invalid, unblocking someone not blocked a conflict: both after the admin check
    String self = names.get(Caller.ADMIN);
    table.put("POST /api/v1/workspaces/{workspaceId}/members/{username}/block", row(admins,
        json("POST", wsApi + "/members/" + self + "/block", (String) null)));
    table.put("POST /api/v1/workspaces/{workspaceId}/members/{username}/unblock", row(admins,
        json("POST", wsApi + "/members/" + bystander + "/unblock", (String) null)));
    table.put("POST /workspaces/{workspaceId}/members/{username}/block", row(admins,
        page("/workspaces/" + ws + "/members/" + self + "/block", "")));
    table.put("POST /workspaces/{workspaceId}/members/{username}/unblock", row(admins,
        page("/workspaces/" + ws + "/members/" + bystander + "/unblock", "")));
    table.put("DELETE /api/v1/workspaces/{workspaceId}/invitations/{invitationId}",
        row(admins, c -> result(client(c).delete(wsApi + "/invitations/" + invitations[0]))));
    table.put("POST /api/v1/workspaces/{workspaceId}/invitations/{invitationId}/resend", row(admins,
        json("POST", wsApi + "/invitations/" + invitations[1] + "/resend", (String) null)));
    table.put("POST /workspaces/{workspaceId}/invitations/{invitationId}/withdraw", row(admins,
        page("/workspaces/" + ws + "/invitations/" + invitations[2] + "/withdraw", "")));
    table.put("POST /workspaces/{workspaceId}/invitations/{invitationId}/resend", row(admins,
        page("/workspaces/" + ws + "/invitations/" + invitations[3] + "/resend", "")));

    // --- the platform's workspaces: its admin only ("admin"); a blank name is invalid after the check
    Set<Caller> platformAdmins = EnumSet.of(Caller.PLATFORM_PROCESS_OWNER);
    String platform = "/api/v1/platform/workspaces";
    table.put("GET /api/v1/platform/workspaces", row(platformAdmins, get(platform)));
    table.put("POST /api/v1/platform/workspaces", row(platformAdmins, json("POST", platform, "{\"name\":\" \"}")));
    table.put("GET /api/v1/platform/workspaces/{workspaceId}", row(platformAdmins, get(platform + "/" + spare)));
    table.put("PATCH /api/v1/platform/workspaces/{workspaceId}", row(platformAdmins,
        json("PATCH", platform + "/" + spare, "{\"name\":\"\"}")));
    table.put("POST /api/v1/platform/workspaces/{workspaceId}/invitations", row(platformAdmins,
        json("POST", platform + "/" + spare + "/invitations", "{\"email\":\"not-an-address\"}")));
    table.put("POST /api/v1/platform/workspaces/{workspaceId}/archive", row(platformAdmins,
        json("POST", platform + "/" + spare + "/archive", (String) null)));
    table.put("POST /api/v1/platform/workspaces/{workspaceId}/restore", row(platformAdmins,
        json("POST", platform + "/" + spare + "/restore", (String) null)));
    table.put("GET /platform/workspaces", row(platformAdmins, get("/platform/workspaces")));
    table.put("POST /platform/workspaces", row(platformAdmins, page("/platform/workspaces", "name=")));
    table.put("POST /platform/workspaces/{workspaceId}/rename", row(platformAdmins,
        page("/platform/workspaces/" + spare + "/rename", "name=")));
    table.put("POST /platform/workspaces/{workspaceId}/invitations", row(platformAdmins,
        page("/platform/workspaces/" + spare + "/invitations", "email=not-an-address")));
    table.put("POST /platform/workspaces/{workspaceId}/archive", row(platformAdmins,
        page("/platform/workspaces/" + spare + "/archive", "")));
    table.put("POST /platform/workspaces/{workspaceId}/restore", row(platformAdmins,
        page("/platform/workspaces/" + spare + "/restore", "")));

    // --- roles on the mini program, access grants
    table.put("GET /api/v1/mini-programs/{id}/members", row(members, get(mps + "/members")));
    table.put("PUT /api/v1/mini-programs/{id}/members/{username}", row(miniProgramAdmins, json("PUT",
        mps + "/members/" + bystander, "{\"role\":\"DEVELOPER\"}")));
    // the caller gives the role first (the same check), so every allowed caller has one to take
    table.put("DELETE /api/v1/mini-programs/{id}/members/{username}", row(miniProgramAdmins, c -> {
      client(c).put(mps + "/members/" + bystander, Map.of("role", "DEVELOPER"));
      return result(client(c).delete(mps + "/members/" + bystander));
    }));
    // zero days: invalid after the workspace role check, nothing is asked for
    table.put("POST /api/v1/mini-programs/{miniProgramId}/access-requests", row(workspaceDevelopers, json("POST",
        mps + "/access-requests", "{\"scopes\":[\"ANALYTICS\"],\"days\":0,\"justification\":\"matrix test access\"}")));
    table.put("GET /api/v1/mini-programs/{miniProgramId}/access-grants", row(members, get(mps + "/access-grants")));
    table.put("GET /api/v1/access-grants/{id}", row(members, get("/api/v1/access-grants/" + grant)));
    table.put("GET /mini-programs/{id}/access", row(members, get("/mini-programs/" + mp + "/access")));
    table.put("POST /mini-programs/{id}/access-requests", row(workspaceDevelopers, page("/mini-programs/" + mp
        + "/access-requests", "scopes=ANALYTICS&days=0&justification=matrix+test+access")));

    // --- removals (the removal row is the mini program admin's request, under review)
    table.put("POST /api/v1/removals", row(releasers, json("POST", "/api/v1/removals", "{\"miniProgramId\":" + mp
        + ",\"targetAppId\":" + targetApp + ",\"environment\":\"PRODUCTION\",\"reason\":\"\"}"))); // no reason
    table.put("POST /api/v1/force-removals", row(EnumSet.of(Caller.INSPECTOR), json("POST", "/api/v1/force-removals",
        "{\"miniProgramId\":" + mp + ",\"rule\":\"\",\"evidence\":\"e\",\"severity\":\"MINOR\"}"))); // no rule
    table.put("GET /api/v1/removals/{id}", row(members, get("/api/v1/removals/" + removal)));
    table.put("GET /api/v1/mini-programs/{miniProgramId}/removals", row(members, get(mps + "/removals")));
    table.put("POST /api/v1/removals/{id}/rectification", row(miniProgramAdmins, json("POST",
        "/api/v1/removals/" + removal + "/rectification", "{\"note\":\"\"}"))); // no note
    table.put("GET /mini-programs/{id}/removals", row(members, get("/mini-programs/" + mp + "/removals")));
    table.put("GET /removals/{id}", row(members, get("/removals/" + removal)));
    table.put("POST /mini-programs/{id}/removals", row(releasers, page("/mini-programs/" + mp + "/removals",
        "targetAppId=" + targetApp + "&environment=PRODUCTION&reason=")));
    table.put("POST /mini-programs/{id}/findings", row(EnumSet.of(Caller.INSPECTOR), page("/mini-programs/" + mp
        + "/findings", "rule=&evidence=e&severity=MINOR")));
    table.put("POST /removals/{id}/rectification", row(miniProgramAdmins, page("/removals/" + removal
        + "/rectification", "note=")));
    // emergency freezes: inspectors and admins freeze (an empty reason is invalid after the check); members read
    Set<Caller> freezers = EnumSet.of(Caller.INSPECTOR, Caller.ADMIN);
    table.put("POST /api/v1/mini-programs/{miniProgramId}/freeze", row(freezers, json("POST", mps + "/freeze",
        "{\"reason\":\"\"}")));
    table.put("GET /api/v1/mini-programs/{miniProgramId}/freezes", row(members, get(mps + "/freezes")));
    table.put("GET /api/v1/freezes/{id}", row(members, get("/api/v1/freezes/" + freeze)));
    table.put("POST /mini-programs/{id}/freeze", row(freezers, page("/mini-programs/" + mp + "/freeze", "reason=")));
    table.put("GET /freezes/{id}", row(members, get("/freezes/" + freeze)));

    // --- the release's review task (claims are handed back by the next rows; completion is invalid input)
    table.put("GET /api/v1/tasks/{id}", row(taskReaders, get(tasks)));
    table.put("POST /api/v1/tasks/{id}/claim", row(candidates, json("POST", tasks + "/claim", (String) null)));
    table.put("POST /api/v1/tasks/{id}/unclaim", row(taskReaders, json("POST", tasks + "/unclaim", (String) null)));
    table.put("POST /api/v1/tasks/{id}/assign",
        row(admins, json("POST", tasks + "/assign", "{\"assignee\":\"nobody\"}")));
    table.put("POST /api/v1/tasks/{id}/comments",
        row(taskReaders, json("POST", tasks + "/comments", "{\"body\":\"\"}")));
    table.put("POST /api/v1/tasks/{id}/complete", row(candidates, json("POST", tasks + "/complete",
        "{\"decision\":\"maybe-later\"}")));
    table.put("GET /tasks/{id}", row(taskReaders, get("/tasks/" + task)));
    table.put("POST /tasks/{id}/claim", row(candidates, page("/tasks/" + task + "/claim", "")));
    table.put("POST /tasks/{id}/unclaim", row(taskReaders, page("/tasks/" + task + "/unclaim", "")));
    table.put("POST /tasks/{id}/assign", row(admins, page("/tasks/" + task + "/assign", "assignee=nobody")));
    table.put("POST /tasks/{id}/comments", row(taskReaders, page("/tasks/" + task + "/comments", "body=")));
    table.put("POST /tasks/{id}/complete",
        row(candidates, page("/tasks/" + task + "/complete", "decision=maybe-later")));

    // --- the approver's day: out of office, saved views, bulk actions, rejection reasons, due dates
    ApiClient admin = client(Caller.ADMIN);
    long delegation = admin.post(wsApi + "/delegations", Map.of("delegate", bystander, "endsAt",
        java.time.Instant.now().plus(Duration.ofDays(3)).toString())).body().at("/delegation/id").asLong();
    String delegations = "/api/v1/me/delegations/" + delegation;
    table.put("GET /api/v1/me/delegations", row(everyone, get("/api/v1/me/delegations")));
    table.put("GET /tasks/out-of-office", row(everyone, get("/tasks/out-of-office")));
    table.put("POST /api/v1/workspaces/{workspaceId}/delegations", row(members, json("POST", wsApi + "/delegations",
        "{\"delegate\":\"\"}")));
    table.put("POST /tasks/out-of-office",
        row(members, page("/tasks/out-of-office", "workspaceId=" + ws + "&delegate=")));
    table.put("POST /api/v1/me/delegations/{id}/hand-over", row(admins, json("POST", delegations + "/hand-over",
        (String) null)));
    table.put("POST /tasks/out-of-office/{id}/hand-over", row(admins, page("/tasks/out-of-office/" + delegation
        + "/hand-over", "")));
    table.put("POST /api/v1/me/delegations/{id}/end", row(admins, json("POST", delegations + "/end", (String) null)));
    table.put("POST /tasks/out-of-office/{id}/end", row(admins, page("/tasks/out-of-office/" + delegation + "/end",
        "")));
    long sharedView = admin.post(wsApi + "/task-views", Map.of("name", "Matrix view", "sharedRole", "REVIEWER",
        "filter", Map.of("queue", "ALL"))).id();
    // each caller deletes a view of the admin's made for the call: the admin's own goes, the others' stay
    java.util.function.Supplier<Long> doomedView = () -> admin.post(wsApi + "/task-views", Map.of("name",
        "Doomed " + counter[0]++)).id();
    Set<Caller> viewReaders = EnumSet.of(Caller.ADMIN, Caller.REVIEWER);
    table.put("GET /api/v1/task-views", row(everyone, get("/api/v1/task-views")));
    table.put("GET /tasks/views", row(everyone, get("/tasks/views")));
    table.put("GET /api/v1/task-views/{id}", row(viewReaders, get("/api/v1/task-views/" + sharedView)));
    table.put("POST /api/v1/workspaces/{workspaceId}/task-views", row(members, json("POST", wsApi + "/task-views",
        "{\"name\":\"\"}")));
    table.put("POST /tasks/views", row(members, page("/tasks/views", "workspaceId=" + ws + "&name=")));
    table.put("PUT /api/v1/task-views/{id}", row(admins, json("PUT", "/api/v1/task-views/" + sharedView,
        "{\"name\":\"\"}")));
    table.put("DELETE /api/v1/task-views/{id}", row(admins, c -> result(client(c)
        .delete("/api/v1/task-views/" + doomedView.get()))));
    table.put("POST /tasks/views/{id}/delete", row(admins, c -> page("/tasks/views/" + doomedView.get() + "/delete",
        "").as(c)));
    table.put("POST /tasks/views/{id}/default", row(viewReaders, page("/tasks/views/" + sharedView + "/default", "")));
    table.put("PUT /api/v1/me/default-task-view", row(everyone, json("PUT", "/api/v1/me/default-task-view",
        "{\"viewId\":null}")));
    // --- access tokens: everyone manages their own; a workspace's admins its service tokens
    java.util.function.Function<Caller, Long> ownToken = c -> client(c).post("/api/v1/me/tokens", Map.of("name",
        "Matrix " + counter[0]++, "scopes", List.of("read"))).body().at("/token/id").asLong();
    table.put("GET /api/v1/me/tokens", row(everyone, get("/api/v1/me/tokens")));
    table.put("POST /api/v1/me/tokens", row(everyone, json("POST", "/api/v1/me/tokens", "{\"name\":\"\"}")));
    table.put("POST /api/v1/me/tokens/{id}/revoke", row(everyone, c -> result(client(c)
        .post("/api/v1/me/tokens/" + ownToken.apply(c) + "/revoke"))));
    table.put("GET /tokens", row(everyone, get("/tokens")));
    table.put("POST /tokens", row(everyone, page("/tokens", "name=")));
    table.put("POST /tokens/{id}/revoke", row(everyone, c -> page("/tokens/" + ownToken.apply(c) + "/revoke", "")
        .as(c)));
    String serviceTokens = wsApi + "/service-tokens";
    long serviceToken = admin.post(serviceTokens, Map.of("name", "Matrix service", "scopes", List.of("read")))
        .body().at("/token/id").asLong();
    table.put("GET /api/v1/workspaces/{workspaceId}/service-tokens", row(admins, get(serviceTokens)));
    table.put("POST /api/v1/workspaces/{workspaceId}/service-tokens", row(admins, json("POST", serviceTokens,
        "{\"name\":\"\"}")));
    table.put("POST /api/v1/workspaces/{workspaceId}/service-tokens/{id}/revoke", row(admins, json("POST",
        serviceTokens + "/" + serviceToken + "/revoke", (String) null)));
    // --- webhooks: the workspace's admins only (the endpoint is never called: nothing listens there)
    String webhooks = wsApi + "/webhooks";
    java.util.function.Supplier<Long> newHook = () -> admin.post(webhooks, Map.of("url", "http://127.0.0.1:9/hook",
        "events", List.of("listing"))).body().at("/webhook/id").asLong();
    long hook = newHook.get();
    String delivery = jdbc.sql("insert into webhook_delivery(webhook_id, event_type, payload, state)"
        + " values (:hook, 'listing.published', '{}', 'FAILED') returning id::text").param("hook", hook)
        .query(String.class).single();
    String hookPage = "/workspaces/" + ws + "/webhooks";
    table.put("GET /api/v1/workspaces/{workspaceId}/webhooks", row(admins, get(webhooks)));
    table.put("POST /api/v1/workspaces/{workspaceId}/webhooks", row(admins, json("POST", webhooks, "{\"url\":\"\"}")));
    table.put("POST /api/v1/workspaces/{workspaceId}/webhooks/{id}/enable",
        row(admins, json("POST", webhooks + "/" + hook + "/enable", (String) null)));
    table.put("DELETE /api/v1/workspaces/{workspaceId}/webhooks/{id}", row(admins, c -> result(client(c)
        .delete(webhooks + "/" + newHook.get()))));
    table.put("GET /api/v1/workspaces/{workspaceId}/webhooks/{id}/deliveries",
        row(admins, get(webhooks + "/" + hook + "/deliveries")));
    table.put("POST /api/v1/workspaces/{workspaceId}/webhooks/{id}/deliveries/{deliveryId}/redeliver",
        row(admins, json("POST", webhooks + "/" + hook + "/deliveries/" + delivery + "/redeliver", (String) null)));
    table.put("GET /workspaces/{workspaceId}/webhooks", row(admins, get(hookPage)));
    table.put("POST /workspaces/{workspaceId}/webhooks", row(admins, page(hookPage, "url=")));
    table.put("POST /workspaces/{workspaceId}/webhooks/{id}/enable", row(admins, page(hookPage + "/" + hook
        + "/enable", "")));
    table.put("POST /workspaces/{workspaceId}/webhooks/{id}/delete", row(admins, c -> page(hookPage + "/"
        + newHook.get() + "/delete", "").as(c)));
    table.put("POST /workspaces/{workspaceId}/webhooks/{id}/deliveries/{deliveryId}/redeliver", row(admins,
        page(hookPage + "/" + hook + "/deliveries/" + delivery + "/redeliver", "")));
    // --- the audit chain: its workspace's admins and inspectors verify it; the platform admin rotates the key
    Set<Caller> verifiers = EnumSet.of(Caller.ADMIN, Caller.INSPECTOR);
    table.put("GET /api/v1/workspaces/{workspaceId}/audit/verification", row(verifiers, get(wsApi
        + "/audit/verification")));
    table.put("GET /workspaces/{workspaceId}/audit/verification", row(verifiers, get("/workspaces/" + ws
        + "/audit/verification")));
    table.put("GET /api/v1/workspaces/{workspaceId}/audit/chain.json", row(EnumSet.of(Caller.ADMIN), get(wsApi
        + "/audit/chain.json?limit=5")));
    table.put("GET /api/v1/workspaces/{workspaceId}/audit/chain.csv", row(EnumSet.of(Caller.ADMIN), get(wsApi
        + "/audit/chain.csv?limit=5")));
    table.put("GET /api/v1/evidence-keys", row(everyone, get("/api/v1/evidence-keys")));
    table.put("GET /api/v1/releases/{id}/evidence", row(verifiers, get("/api/v1/releases/" + release + "/evidence")));
    table.put("GET /api/v1/removals/{id}/evidence", row(verifiers, get("/api/v1/removals/" + removal + "/evidence")));
    table.put("GET /api/v1/access-grants/{id}/evidence", row(verifiers, get("/api/v1/access-grants/" + grant
        + "/evidence")));
    table.put("POST /api/v1/platform/evidence-keys/rotate", row(platformAdmins, json("POST",
        "/api/v1/platform/evidence-keys/rotate", (String) null)));
    // bulk: each task is checked on its own, so everyone may ask (the results say what was refused)
    table.put("POST /api/v1/tasks/bulk", row(everyone, json("POST", "/api/v1/tasks/bulk", "{\"action\":\"CLAIM\"}")));
    table.put("POST /tasks/bulk", row(everyone, page("/tasks/bulk", "action=CLAIM")));
    String reasons = wsApi + "/rejection-reasons";
    long reason = client(Caller.PROCESS_OWNER).post(reasons, Map.of("title", "Matrix reason")).id();
    table.put("GET /api/v1/workspaces/{workspaceId}/rejection-reasons", row(members, get(reasons)));
    table.put("GET /workspaces/{workspaceId}/rejection-reasons",
        row(members, get("/workspaces/" + ws + "/rejection-reasons")));
    table.put("POST /api/v1/workspaces/{workspaceId}/rejection-reasons",
        row(workspaceProcessOwner, json("POST", reasons,
            "{\"title\":\"\"}")));
    table.put("PUT /api/v1/workspaces/{workspaceId}/rejection-reasons/{id}",
        row(workspaceProcessOwner, json("PUT", reasons
            + "/" + reason, "{\"title\":\"\"}")));
    table.put("POST /api/v1/workspaces/{workspaceId}/rejection-reasons/{id}/retire",
        row(workspaceProcessOwner, json("POST",
            reasons + "/" + reason + "/retire", (String) null)));
    table.put("POST /workspaces/{workspaceId}/rejection-reasons", row(workspaceProcessOwner, page("/workspaces/" + ws
        + "/rejection-reasons", "title=")));
    table.put("POST /workspaces/{workspaceId}/rejection-reasons/{id}",
        row(workspaceProcessOwner, page("/workspaces/" + ws
            + "/rejection-reasons/" + reason, "title=")));
    table.put("POST /workspaces/{workspaceId}/rejection-reasons/{id}/retire",
        row(workspaceProcessOwner, page("/workspaces/"
            + ws + "/rejection-reasons/" + reason + "/retire", "")));
    Set<Caller> slaKeepers = EnumSet.of(Caller.ADMIN, Caller.PROCESS_OWNER);
    table.put("GET /api/v1/workspaces/{workspaceId}/slas", row(members, get(wsApi + "/slas")));
    table.put("GET /workspaces/{workspaceId}/slas", row(members, get("/workspaces/" + ws + "/slas")));
    table.put("PUT /api/v1/workspaces/{workspaceId}/slas",
        row(slaKeepers, json("PUT", wsApi + "/slas", "{\"processId\":\"\"}")));
    // each caller deletes a due date of its own making (for a target app named after it)
    java.util.function.Function<Caller, Long> sla = c -> admin.put(wsApi + "/slas", Map.of("processId", "release",
        "elementId", "ReviewRelease", "targetApp", "matrix-" + c + "-" + counter[0]++, "dueWithin", "PT24H")).id();
    table.put("DELETE /api/v1/workspaces/{workspaceId}/slas/{id}", row(slaKeepers, c -> result(client(c)
        .delete(wsApi + "/slas/" + sla.apply(c)))));
    table.put("POST /workspaces/{workspaceId}/slas",
        row(slaKeepers, page("/workspaces/" + ws + "/slas", "processId=")));
    table.put("POST /workspaces/{workspaceId}/slas/{id}/delete",
        row(slaKeepers, c -> page("/workspaces/" + ws + "/slas/"
            + sla.apply(c) + "/delete", "").as(c)));
    // live updates: everyone hears of their own workspaces (the stream is opened, answered, and closed)
    table.put("GET /tasks/events", row(everyone, stream("/tasks/events")));
    table.put("GET /api/v1/tasks/events", row(everyone, stream("/api/v1/tasks/events")));

    // --- promotion and preview codes
    table.put("POST /api/v1/mini-programs/{id}/promotion-codes", row(releasers, json("POST", mps + "/promotion-codes",
        "{\"targetAppId\":" + targetApp + ",\"pagePath\":\"pages/index/index\"}")));
    table.put("GET /api/v1/mini-programs/{id}/promotion-codes", row(members, get(mps + "/promotion-codes")));
    table.put("GET /api/v1/promotion-codes/{id}", row(members, get("/api/v1/promotion-codes/" + code)));
    table.put("GET /api/v1/promotion-codes/{id}/qr.png",
        row(members, get("/api/v1/promotion-codes/" + code + "/qr.png")));
    table.put("GET /api/v1/promotion-codes/{id}/qr.svg",
        row(members, get("/api/v1/promotion-codes/" + code + "/qr.svg")));
    // no testers: invalid after the release scope
    table.put("POST /api/v1/versions/{id}/preview-codes", row(releasers, json("POST",
        "/api/v1/versions/" + version + "/preview-codes", "{}")));
    table.put("GET /api/v1/preview-codes/{id}/qr.png",
        row(members, get("/api/v1/preview-codes/" + previewId + "/qr.png")));
    table.put("GET /mini-programs/{id}/codes", row(members, get("/mini-programs/" + mp + "/codes")));
    table.put("POST /mini-programs/{id}/codes", row(releasers, page("/mini-programs/" + mp + "/codes",
        "targetAppId=" + targetApp + "&pagePath=pages/index/index")));

    // --- analytics: the workspace's admins and process owners
    table.put("GET /api/v1/workspaces/{workspaceId}/analytics", row(analysts, get(wsApi + "/analytics")));
    table.put("GET /api/v1/workspaces/{workspaceId}/analytics/{figure}.csv", row(analysts,
        get(wsApi + "/analytics/cycle-times.csv")));
    table.put("GET /workspaces/{workspaceId}/analytics", row(analysts, get("/workspaces/" + ws + "/analytics")));

    // --- the process console: not about one workspace, except a workspace's variant (404 to non-members)
    String variantId = ids.get("bpmnProcessId");
    table.put("GET /api/v1/processes", row(processOwners, 403, get("/api/v1/processes")));
    table.put("GET /api/v1/processes/{bpmnProcessId}/versions", row(workspaceProcessOwner,
        get("/api/v1/processes/" + variantId + "/versions")));
    // any workspace's member may read a diagram, but a variant only its workspace's members
    table.put("GET /api/v1/processes/definitions/{key}/xml", row(members,
        get("/api/v1/processes/definitions/" + ids.get("key") + "/xml")));
    table.put("POST /api/v1/processes/validate", row(processOwners, 403, text("/api/v1/processes/validate",
        "application/xml", "<definitions/>")));
    // not BPMN: invalid after the deployer check, nothing is deployed
    table.put("POST /api/v1/processes", row(workspaceProcessOwner, text("/api/v1/processes?workspaceId=" + ws,
        "application/xml", "<definitions/>")));
    table.put("POST /api/v1/processes/diff", row(workspaceProcessOwner, text("/api/v1/processes/diff?workspaceId="
        + ws, "application/xml", "<definitions/>")));
    table.put("GET /api/v1/forms", row(processOwners, 403, get("/api/v1/forms")));
    table.put("GET /api/v1/forms/{formId}", row(processOwners, 403, get("/api/v1/forms/release-review")));
    table.put("POST /api/v1/forms/validate", row(processOwners, 403, text("/api/v1/forms/validate",
        "application/json", "{}")));
    // the platform's forms: its process owners only; an empty schema is invalid after the check
    table.put("POST /api/v1/forms", row(EnumSet.of(Caller.PLATFORM_PROCESS_OWNER), 403, text("/api/v1/forms",
        "application/json", "{}")));
    table.put("GET /processes", row(processOwners, 403, get("/processes")));
    table.put("GET /processes/{bpmnProcessId}", row(workspaceProcessOwner, get("/processes/" + variantId)));
    table.put("GET /processes/{bpmnProcessId}/edit",
        row(workspaceProcessOwner, get("/processes/" + variantId + "/edit")));
    table.put("GET /processes/forms/{formId}", row(processOwners, 403, get("/processes/forms/release-review")));

    // --- the monitor: admins, their workspaces' instances (the incident is resolved: retrying answers 409)
    String instances = "/api/v1/monitor/instances/" + instance;
    table.put("GET /api/v1/monitor/instances", row(anyAdmins, 403, get("/api/v1/monitor/instances")));
    table.put("GET /api/v1/monitor/incidents", row(anyAdmins, 403, get("/api/v1/monitor/incidents")));
    table.put("GET /api/v1/monitor/instances/{key}", row(admins, get(instances)));
    // fixing incidents: the instance's incident is resolved, so a change is a conflict after the check
    table.put("GET /api/v1/monitor/instances/{key}/variables/editable", row(admins, get(instances
        + "/variables/editable")));
    table.put("POST /api/v1/monitor/instances/{key}/variables", row(admins, json("POST", instances + "/variables",
        "{\"changes\":[{\"name\":\"reviewDueIn\",\"value\":\"PT1H\"}],\"retry\":true}")));
    // moving and migrating: a move from the review task is a conflict after the check, a migration to the same
    // version invalid after it
    table.put("POST /api/v1/monitor/instances/{key}/move", row(admins, json("POST", instances + "/move",
        "{\"from\":\"ReviewRelease\",\"to\":\"BuildBundle\"}")));
    table.put("POST /monitor/instances/{key}/move", row(admins, page("/monitor/instances/" + instance + "/move",
        "from=ReviewRelease&to=BuildBundle")));
    table.put("POST /api/v1/monitor/instances/{key}/migration-preview", row(admins, json("POST", instances
        + "/migration-preview", "{}")));
    table.put("POST /api/v1/monitor/instances/{key}/migrate", row(admins, json("POST", instances + "/migrate",
        "{}")));
    table.put("GET /monitor/instances/{key}/migration", row(admins, get("/monitor/instances/" + instance
        + "/migration?targetDefinitionKey=1")));
    table.put("POST /monitor/instances/{key}/migrate", row(admins, page("/monitor/instances/" + instance
        + "/migrate", "targetDefinitionKey=1")));
    table.put("POST /monitor/instances/{key}/variables", row(admins, page("/monitor/instances/" + instance
        + "/variables", "name=reviewDueIn&value=PT1H")));
    // batch operations: admins of any workspace preview and start over their own workspaces (no kind: invalid after
    // the check); a batch shows to admins of the workspaces it touched
    table.put("GET /api/v1/monitor/batches/preview", row(anyAdmins, 403,
        get("/api/v1/monitor/batches/preview?kind=RETRY_INCIDENTS&q=matrix-nothing")));
    table.put("POST /api/v1/monitor/batches", row(anyAdmins, 403, json("POST", "/api/v1/monitor/batches",
        "{\"q\":\"matrix-nothing\"}")));
    table.put("GET /api/v1/monitor/batches", row(anyAdmins, 403, get("/api/v1/monitor/batches")));
    table.put("GET /api/v1/monitor/batches/{id}", row(admins, get("/api/v1/monitor/batches/" + batch)));
    table.put("GET /monitor/batches/preview", row(anyAdmins, 403,
        get("/monitor/batches/preview?kind=CANCEL_INSTANCES&q=matrix-nothing")));
    table.put("POST /monitor/batches", row(anyAdmins, 403, page("/monitor/batches", "q=matrix-nothing")));
    table.put("GET /monitor/batches", row(anyAdmins, 403, get("/monitor/batches")));
    table.put("GET /monitor/batches/{id}", row(admins, get("/monitor/batches/" + batch)));
    table.put("POST /api/v1/monitor/incidents/{key}/retry", row(admins, json("POST",
        "/api/v1/monitor/incidents/" + incident + "/retry", (String) null)));
    table.put("GET /monitor", row(anyAdmins, 403, get("/monitor")));
    table.put("GET /monitor/instances/{key}", row(admins, get("/monitor/instances/" + instance)));
    table.put("POST /monitor/incidents/{key}/retry", row(admins, page("/monitor/incidents/" + incident + "/retry",
        "instance=" + instance)));

    // --- last, in this order: changes that end what the rows above need. Only one caller, or the first
    // allowed one, makes the change; the others allowed answer 409 after the check.
    table.put("POST /api/v1/removals/{id}/withdraw", row(requester, json("POST", "/api/v1/removals/" + removal
        + "/withdraw", (String) null)));
    table.put("POST /removals/{id}/withdraw", row(requester, page("/removals/" + removal + "/withdraw", "")));
    table.put("DELETE /api/v1/workspaces/{workspaceId}/members/{username}",
        row(admins, c -> result(client(c).delete(wsApi + "/members/" + leaverApi))));
    table.put("POST /workspaces/{workspaceId}/members/{username}/remove", row(admins,
        page("/workspaces/" + ws + "/members/" + leaverPage + "/remove", "")));
    table.put("POST /api/v1/access-grants/{id}/revoke", row(miniProgramAdmins, json("POST",
        "/api/v1/access-grants/" + grant + "/revoke", "{\"reason\":\"matrix\"}")));
    table.put("POST /access-grants/{grantId}/revoke", row(miniProgramAdmins, page("/access-grants/" + grant + "/revoke",
        "reason=matrix")));
    table.put("POST /api/v1/monitor/instances/{key}/cancel",
        row(admins, json("POST", instances + "/cancel", (String) null)));
    table.put("POST /monitor/instances/{key}/cancel",
        row(admins, page("/monitor/instances/" + instance + "/cancel", "")));

    Set<String> endpoints = Endpoints.of(mappings);
    Set<String> inTable = new TreeSet<>(table.keySet());
    inTable.addAll(Endpoints.PUBLIC); // accounted for here, tested by EndpointAccessTest

    List<DynamicTest> cells = new ArrayList<>();
    cells.add(dynamicTest("every endpoint of the application has a row", () -> assertThat(endpoints)
        .hasSizeGreaterThan(100).allSatisfy(e -> assertThat(inTable).as("rows").contains(e))));
    cells.add(dynamicTest("every row names an endpoint of the application",
        () -> assertThat(inTable).allSatisfy(e -> assertThat(endpoints).as("endpoints").contains(e))));
    table.forEach((endpoint, row) -> {
      for (Caller caller : Caller.values()) {
        boolean allowed = row.allowed().contains(caller);
        int refused = caller == Caller.PLATFORM_PROCESS_OWNER ? row.outsider() : 403;
        String cell = endpoint + " as " + caller;
        cells.add(dynamicTest(cell + " → " + (allowed ? "allowed" : String.valueOf(refused)), () -> {
          Result result = row.call().as(caller);
          if (allowed) {
            assertThat(result.status()).as(result.detail()).isNotIn(401, 403, 404).isLessThan(500);
          } else {
            assertThat(result.status()).as(result.detail()).isEqualTo(refused);
          }
        }));
      }
    });
    return cells.stream();
  }

  private static Row row(Set<Caller> allowed, Call call) {
    return new Row(allowed, 404, call);
  }

  private static Row row(Set<Caller> allowed, int outsider, Call call) {
    return new Row(allowed, outsider, call);
  }

  private ApiClient client(Caller caller) {
    return new ApiClient(base, names.get(caller), password(caller));
  }

  private static String password(Caller caller) {
    return caller == Caller.PLATFORM_PROCESS_OWNER ? EmbeddedMiniflowTest.PASSWORD : PASSWORD;
  }

  private static Result result(Reply reply) {
    return new Result(reply.status(), String.valueOf(reply.body()));
  }

  private Call get(String path) {
    return c -> send(c, "GET", path, null, null);
  }

  /** An event stream: its status once it answers (with Basic), then closed. */
  private Call stream(String path) {
    return c -> {
      var request = HttpRequest.newBuilder(URI.create(base + path)).header("Accept", "text/event-stream")
          .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
              (names.get(c) + ":" + password(c)).getBytes(StandardCharsets.UTF_8)))
          .GET().build();
      try {
        HttpResponse<java.io.InputStream> response = http.send(request, HttpResponse.BodyHandlers.ofInputStream());
        response.body().close();
        return new Result(response.statusCode(), response.headers().firstValue("Content-Type").orElse(""));
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
    };
  }

  private Call json(String method, String path, String body) {
    return c -> send(c, method, path, "application/json", body);
  }

  private Call fresh(String method, String path, java.util.function.Supplier<String> body) {
    return c -> send(c, method, path, "application/json", body.get());
  }

  private Call text(String path, String type, String body) {
    return c -> send(c, "POST", path, type, body);
  }

  /** An API call or a page GET with HTTP Basic. */
  private Result send(Caller caller, String method, String path, String type, String body) {
    var request = HttpRequest.newBuilder(URI.create(base + path))
        .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(
            (names.get(caller) + ":" + password(caller)).getBytes(StandardCharsets.UTF_8)))
        .method(method, body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
    if (type != null) {
      request.header("Content-Type", type);
    }
    HttpResponse<String> response = exchange(request.build());
    return new Result(response.statusCode(), abbreviate(response.body()));
  }

  /** A form posted from a page with the session and its CSRF token; see the class comment. */
  private Call page(String path, String form) {
    return c -> submit(c, path, "application/x-www-form-urlencoded", HttpRequest.BodyPublishers.ofString(form));
  }

  private Call multipart(String path, String field, String value, String file, byte[] content) {
    String boundary = "matrix" + UUID.randomUUID().toString().replace("-", "");
    var out = new ByteArrayOutputStream();
    if (field != null) {
      out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + field + "\"\r\n\r\n" + value
          + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"" + file + "\"; filename=\"f.bin\""
        + "\r\nContent-Type: application/octet-stream\r\n\r\n").getBytes(StandardCharsets.UTF_8));
    out.writeBytes(content);
    out.writeBytes(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
    byte[] body = out.toByteArray();
    return c -> submit(c, path, "multipart/form-data; boundary=" + boundary,
        HttpRequest.BodyPublishers.ofByteArray(body));
  }

  private Result submit(Caller caller, String path, String type, HttpRequest.BodyPublisher body) {
    String[] session = sessions.computeIfAbsent(caller, this::logIn);
    HttpResponse<String> posted = exchange(HttpRequest.newBuilder(URI.create(base + path)).header("Cookie", session[0])
        .header("X-CSRF-TOKEN", session[1]).header("Content-Type", type).POST(body).build());
    if (posted.statusCode() / 100 != 3) {
      return new Result(posted.statusCode(), abbreviate(posted.body())); // refused before the action ran
    }
    String location = posted.headers().firstValue("Location").orElseThrow();
    HttpResponse<String> shown = exchange(HttpRequest.newBuilder(URI.create(base).resolve(location))
        .header("Cookie", session[0]).build());
    if (shown.statusCode() != 200) {
      // Flash.run went back to a page the caller may not see (the task, the instance, another workspace's
      // page): that page's refusal is what the browser shows. Weaker than the flash: it does not name the action.
      return new Result(shown.statusCode(), "redirected to " + location + ", which answered " + shown.statusCode());
    }
    Matcher alert = ALERT.matcher(shown.body());
    String message = alert.find() ? alert.group(1) : "";
    int status = FORBIDDEN.matcher(message).find() ? 403 : NOT_FOUND.matcher(message).find() ? 404 : 200;
    return new Result(status, "redirected to " + location + ", flash: '" + message + "'");
  }

  /** Logs in through the form once per caller: the session cookie and the pages' CSRF token. */
  private String[] logIn(Caller caller) {
    SessionClient session = SessionClient.logIn(base, names.get(caller), password(caller));
    HttpResponse<String> tasks = exchange(HttpRequest.newBuilder(URI.create(base + "/tasks"))
        .header("Cookie", session.cookie()).build());
    Matcher csrf = META_CSRF.matcher(tasks.body());
    assertThat(csrf.find()).as("the page carries the CSRF token").isTrue();
    return new String[] {session.cookie(), csrf.group(1)};
  }

  private HttpResponse<String> exchange(HttpRequest request) {
    try {
      return http.send(request, HttpResponse.BodyHandlers.ofString());
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  private static String abbreviate(String body) {
    return body == null || body.length() < 400 ? body : body.substring(0, 400) + "…";
  }

  private static byte[] png() throws IOException {
    var out = new ByteArrayOutputStream();
    javax.imageio.ImageIO.write(new java.awt.image.BufferedImage(96, 96, java.awt.image.BufferedImage.TYPE_INT_RGB),
        "png", out);
    return out.toByteArray();
  }
}
