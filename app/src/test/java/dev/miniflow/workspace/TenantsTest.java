package dev.miniflow.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ApiClient.Reply;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.SessionClient;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Workspaces as tenants: the platform admin creates, renames, archives and restores them and
 * invites their admins; each admin works only in their own; an archived one is read-only; a
 * blocked member loses access, sessions and claimed tasks at once; invitations are withdrawn and
 * sent again.
 */
@EmbeddedMiniflowTest
class TenantsTest {
  private static final String PLATFORM = "/api/v1/platform/workspaces";

  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;

  String base;
  ApiClient platformAdmin;
  ApiClient anonymous;

  @BeforeEach
  void clients() {
    base = "http://localhost:" + port;
    platformAdmin = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
    anonymous = new ApiClient(base, null, null);
  }

  @Test
  void aPlatformAdminSetsUpTwoWorkspacesWhoseAdminsEachSeeOnlyTheirOwn() {
    ApiClient developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    assertThat(developer.get(PLATFORM).status()).isEqualTo(403);
    assertThat(developer.post(PLATFORM, Map.of("name", "Mine")).status()).isEqualTo(403);

    String suffix = UUID.randomUUID().toString().substring(0, 8);
    int before = platformAdmin.get(PLATFORM).body().size();
    assertThat(platformAdmin.post(PLATFORM, Map.of("name", "  ")).status()).isEqualTo(400);
    Reply north = platformAdmin.post(PLATFORM, Map.of("name", "North " + suffix));
    Reply south = platformAdmin.post(PLATFORM, Map.of("name", "South " + suffix));
    assertThat(north.status()).isEqualTo(201);
    assertThat(platformAdmin.post(PLATFORM, Map.of("name", "North " + suffix)).status()).isEqualTo(409);
    assertThat(platformAdmin.get(PLATFORM).body().size()).isEqualTo(before + 2);

    ApiClient northAdmin = acceptedAdmin(north.id(), "north-" + suffix);
    ApiClient southAdmin = acceptedAdmin(south.id(), "south-" + suffix);
    JsonNode mine = northAdmin.get("/api/v1/workspaces").body();
    assertThat(mine.size()).isEqualTo(1);
    assertThat(mine.get(0).get("name").asText()).isEqualTo("North " + suffix);
    assertThat(mine.get(0).get("roles").toString()).contains("ADMIN");
    assertThat(platformAdmin.get(PLATFORM + "/" + north.id()).body().get("admins").toString())
        .contains("north-" + suffix);

    // each admin configures their own target apps, and cannot see or change the other's
    String northApps = "/api/v1/workspaces/" + north.id() + "/target-apps";
    long northApp = northAdmin.get(northApps).body().get(0).get("id").asLong();
    assertThat(northAdmin.put("/api/v1/target-apps/" + northApp, Map.of("name", "North Pay")).status())
        .isEqualTo(200);
    assertThat(southAdmin.get(northApps).status()).isEqualTo(404);
    assertThat(southAdmin.put("/api/v1/target-apps/" + northApp, Map.of("name", "Taken")).status())
        .isEqualTo(404);
    assertThat(northAdmin.get(northApps).body().get(0).get("name").asText()).isEqualTo("North Pay");
    assertThat(southAdmin.get("/api/v1/workspaces/" + north.id() + "/members").status()).isEqualTo(404);
    // the platform admin runs the platform, not the workspaces: no member, nothing of theirs to see
    assertThat(platformAdmin.get(northApps).status()).isEqualTo(404);

    Reply renamed = platformAdmin.patch(PLATFORM + "/" + south.id(), Map.of("name", "Southern " + suffix));
    assertThat(renamed.status()).isEqualTo(200);
    assertThat(southAdmin.get("/api/v1/workspaces").body().get(0).get("name").asText())
        .isEqualTo("Southern " + suffix);
    assertThat(platformAdmin.patch(PLATFORM + "/" + south.id(), Map.of("name", "North " + suffix)).status())
        .isEqualTo(409);
    assertThat(platformAdmin.patch(PLATFORM + "/999999999", Map.of("name", "Nowhere")).status()).isEqualTo(404);
    assertThat(jdbc.sql("select action from audit_event where workspace_id = :ws").param("ws", south.id())
        .query(String.class).list()).contains("workspace.created", "workspace.renamed", "invitation.created");
  }

  @Test
  void anArchivedWorkspaceIsReadOnlyUntilItIsRestored() {
    long ws = TestWorkspaces.create(workspaces, tx, "Archive",
        Map.of("admin", Set.of(Role.ADMIN), "developer", Set.of(Role.DEVELOPER)));
    ApiClient admin = platformAdmin; // also the workspace's admin here
    ApiClient developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    long mp = developer.createMiniProgram(ws, "Before " + UUID.randomUUID().toString().substring(0, 8)).id();
    long app = developer.defaultTargetAppId(ws);

    assertThat(platformAdmin.post(PLATFORM + "/" + ws + "/archive").body().get("archivedBy").asText())
        .isEqualTo("admin");
    assertThat(platformAdmin.post(PLATFORM + "/" + ws + "/archive").status()).isEqualTo(409);

    Reply create = developer.post("/api/v1/workspaces/" + ws + "/mini-programs", Map.of("name", "After"));
    assertThat(create.status()).isEqualTo(409);
    assertThat(create.text("detail")).contains("archived and read-only");
    assertThat(developer.upload(mp, "1.0.0", TestPackages.valid()).status()).isEqualTo(409);
    assertThat(admin.put("/api/v1/target-apps/" + app, Map.of("name", "Renamed")).status()).isEqualTo(409);
    assertThat(admin.post("/api/v1/workspaces/" + ws + "/invitations",
        Map.of("email", "late@example.com", "roles", List.of("DEVELOPER"))).status()).isEqualTo(409);
    assertThat(admin.put("/api/v1/workspaces/" + ws + "/members/developer", Map.of("roles", List.of("REVIEWER")))
        .status()).isEqualTo(409);
    assertThat(platformAdmin.post(PLATFORM + "/" + ws + "/invitations", Map.of("email", "boss@example.com"))
        .status()).isEqualTo(409);
    // everything can still be read, and nothing changed
    assertThat(developer.get("/api/v1/workspaces/" + ws + "/mini-programs").body().size()).isEqualTo(1);
    assertThat(developer.get("/api/v1/mini-programs/" + mp + "/versions").body().size()).isZero();
    assertThat(admin.get("/api/v1/workspaces/" + ws + "/members").body().toString()).contains("DEVELOPER")
        .doesNotContain("REVIEWER");

    assertThat(platformAdmin.post(PLATFORM + "/" + ws + "/restore").status()).isEqualTo(200);
    assertThat(platformAdmin.post(PLATFORM + "/" + ws + "/restore").status()).isEqualTo(409);
    assertThat(developer.upload(mp, "1.0.0", TestPackages.valid()).status()).isEqualTo(201);
    assertThat(jdbc.sql("select action from audit_event where workspace_id = :ws").param("ws", ws)
        .query(String.class).list()).contains("workspace.archived", "workspace.restored");
  }

  @Test
  void blockingAMemberEndsTheirAccessAndSessionsAndReturnsTheirTasks() {
    String name = "blocked-" + UUID.randomUUID().toString().substring(0, 6);
    tx.executeWithoutResult(s -> workspaces.createAccount(name, "To be blocked", null, "blocked-pass-1", "test"));
    long ws = TestWorkspaces.create(workspaces, tx, "Blocking", Map.of("admin", Set.of(Role.ADMIN),
        "developer", Set.of(Role.DEVELOPER), name, Set.of(Role.REVIEWER)));
    ApiClient admin = platformAdmin;
    ApiClient developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    ApiClient reviewer = new ApiClient(base, name, "blocked-pass-1");
    SessionClient browser = SessionClient.logIn(base, name, "blocked-pass-1");

    long mp = developer.createMiniProgram(ws, "Blocking " + UUID.randomUUID().toString().substring(0, 8)).id();
    long version = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
    long release = developer.post("/api/v1/releases", Map.of("versionId", version,
        "targetAppId", developer.defaultTargetAppId(ws), "environment", "PRODUCTION")).releaseId();
    long task = Releases.awaitReviewTask(reviewer, release);
    assertThat(reviewer.post("/api/v1/tasks/" + task + "/claim").status()).isEqualTo(200);

    assertThat(browser.api().get("/api/v1/workspaces").status()).isEqualTo(200);
    String members = "/api/v1/workspaces/" + ws + "/members/";
    assertThat(developer.post(members + name + "/block").status()).isEqualTo(403);
    assertThat(admin.post(members + "admin/block").status()).isEqualTo(400);
    Reply blocked = admin.post(members + name + "/block");
    assertThat(blocked.status()).isEqualTo(200);
    assertThat(blocked.body().get("blocked").asBoolean()).isTrue();
    assertThat(admin.post(members + name + "/block").status()).isEqualTo(409);

    // at once: no API, no session, no tasks; the claimed task is back in the queue
    assertThat(reviewer.get("/api/v1/workspaces/" + ws + "/mini-programs").status()).isEqualTo(404);
    assertThat(reviewer.get("/api/v1/tasks/" + task).status()).isEqualTo(404);
    assertThat(Releases.reviewTask(reviewer, release)).isNull();
    assertThat(browser.api().get("/api/v1/workspaces").status()).isEqualTo(401);
    JsonNode back = admin.get("/api/v1/tasks/" + task).body().get("task");
    assertThat(back.get("state").asText()).isEqualTo("OPEN");
    assertThat(back.get("assignee").isNull()).isTrue();
    assertThat(admin.post("/api/v1/tasks/" + task + "/assign", Map.of("assignee", name)).status()).isEqualTo(400);

    assertThat(admin.post(members + name + "/unblock").body().get("roles").toString()).contains("REVIEWER");
    assertThat(Releases.reviewTask(reviewer, release)).isEqualTo(task);
    assertThat(jdbc.sql("select action from audit_event where workspace_id = :ws").param("ws", ws)
        .query(String.class).list()).contains("member.blocked", "member.unblocked", "task.handed-back");
  }

  @Test
  void anInvitationIsWithdrawnOrSentAgainWithANewLink() {
    long ws = TestWorkspaces.create(workspaces, tx, "Invites", Map.of("admin", Set.of(Role.ADMIN)));
    String invitations = "/api/v1/workspaces/" + ws + "/invitations";
    Reply first = platformAdmin.post(invitations, Map.of("email", "first@example.com", "roles", List.of("REVIEWER")));
    assertThat(platformAdmin.delete(invitations + "/" + first.id()).status()).isEqualTo(204);
    Reply withdrawn = anonymous.get("/api/v1/invitations/" + token(first.text("link")));
    assertThat(withdrawn.status()).isEqualTo(410);
    assertThat(withdrawn.text("detail")).contains("withdrew");
    assertThat(platformAdmin.delete(invitations + "/" + first.id()).status()).isEqualTo(404);
    assertThat(platformAdmin.post(invitations + "/" + first.id() + "/resend").status()).isEqualTo(404);

    Reply second =
        platformAdmin.post(invitations, Map.of("email", "second@example.com", "roles", List.of("DEVELOPER")));
    jdbc.sql("update invitation set expires_at = now() - interval '1 minute' where id = :id")
        .param("id", second.id()).update();
    assertThat(platformAdmin.get(invitations).body().toString()).contains("second@example.com")
        .doesNotContain("first@example.com");
    Reply resent = platformAdmin.post(invitations + "/" + second.id() + "/resend");
    assertThat(resent.status()).isEqualTo(200);
    assertThat(anonymous.get("/api/v1/invitations/" + token(second.text("link"))).status()).isEqualTo(404);
    String fresh = token(resent.text("link"));
    assertThat(anonymous.get("/api/v1/invitations/" + fresh).text("email")).isEqualTo("second@example.com");
    String username = "second-" + UUID.randomUUID().toString().substring(0, 6);
    assertThat(anonymous.post("/api/v1/invitations/" + fresh + "/accept",
        Map.of("username", username, "password", "a-long-password")).status()).isEqualTo(204);
    assertThat(platformAdmin.delete(invitations + "/" + second.id()).status()).isEqualTo(404);
    assertThat(jdbc.sql("select action from audit_event where workspace_id = :ws").param("ws", ws)
        .query(String.class).list()).contains("invitation.withdrawn", "invitation.resent");
  }

  /** Invites an admin from the platform and accepts as a new account; returns that admin's client. */
  private ApiClient acceptedAdmin(long workspaceId, String username) {
    Reply invited = platformAdmin.post(PLATFORM + "/" + workspaceId + "/invitations",
        Map.of("email", username + "@example.com"));
    assertThat(invited.status()).isEqualTo(201);
    assertThat(anonymous.post("/api/v1/invitations/" + token(invited.text("link")) + "/accept",
        Map.of("username", username, "password", "tenant-pass-1")).status()).isEqualTo(204);
    return new ApiClient(base, username, "tenant-pass-1");
  }

  private static String token(String link) {
    return link.substring(link.lastIndexOf('/') + 1);
  }
}
