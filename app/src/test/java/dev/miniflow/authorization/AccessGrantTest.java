package dev.miniflow.authorization;

import dev.miniflow.engine.embedded.EmbeddedInfrastructure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ApiClient.Reply;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.SessionClient;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A developer without a role on a mini program gets time-limited access through the authorization
 * process: approved by the mini program's admin, ended by the engine's timer or by revocation.
 */
@EmbeddedMiniflowTest
// This class moves the engine's clock by weeks: it gets an engine of its own.
@org.springframework.test.context.TestPropertySource(properties = "miniflow.data-dir=target/test-data/engine-clock")
class AccessGrantTest {
  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired @Qualifier(EmbeddedInfrastructure.ENGINE_BEAN) ZeebeTestEngine engine;

  ApiClient owner;
  ApiClient contributor;
  ApiClient admin;
  String contributorName;
  long workspaceId;
  long miniProgramId;

  @BeforeEach
  void setUp() {
    String base = "http://localhost:" + port;
    contributorName = "contrib-" + UUID.randomUUID().toString().substring(0, 8);
    String name = "Access " + UUID.randomUUID();
    workspaceId = tx.execute(s -> {
      long id = workspaces.createWorkspace(name, "test");
      workspaces.addMember(id, "admin", Set.of(Role.ADMIN), "test");
      workspaces.addMember(id, "developer", Set.of(Role.DEVELOPER), "test");
      workspaces.createAccount(contributorName, "Contributor", null, "contrib-pass-1", "test");
      workspaces.addMember(id, contributorName, Set.of(Role.DEVELOPER), "test");
      return id;
    });
    owner = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    admin = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
    contributor = new ApiClient(base, contributorName, "contrib-pass-1");
    miniProgramId = owner.createMiniProgram(workspaceId, "Shared").id();
  }

  @Test
  void anApprovedGrantLetsTheDeveloperUploadUntilTheEngineClockReachesItsExpiry() {
    assertThat(upload("1.0.0")).isEqualTo(403);
    long grantId = requestAccess(List.of("UPLOAD"), 30);

    // The mini program's admin (the owner) is asked as a person, the workspace admins as a group.
    long taskId = Releases.awaitTask(owner, "authorization", grantId);
    assertThat(Releases.task(admin, "authorization", grantId)).isEqualTo(taskId);
    assertThat(contributor.post("/api/v1/tasks/" + taskId + "/claim").status()).isIn(403, 404);
    assertThat(owner.post("/api/v1/tasks/" + taskId + "/complete", Map.of("decision", "reject")).status())
        .isEqualTo(400);
    assertThat(owner.post("/api/v1/tasks/" + taskId + "/complete", Map.of("decision", "approve", "comment", "welcome"))
        .status()).isEqualTo(200);
    awaitGrant(grantId, "ACTIVE");
    await().atMost(Duration.ofSeconds(20)).until(() -> contributor.get("/api/v1/access-grants/" + grantId)
        .body().get("expiresAt").isTextual());
    assertThat(upload("1.0.0")).isEqualTo(201);
    assertThat(contributor.post("/api/v1/releases", Map.of("versionId", 1, "targetAppId", 1, "environment", "TEST"))
        .status()).isIn(403, 404); // upload only: no release scope

    engine.increaseTime(Duration.ofDays(28));
    await().atMost(Duration.ofSeconds(30))
        .until(() -> Releases.inboxSubjects(contributor).contains("Your access expires soon"));
    assertThat(upload("1.0.1")).isEqualTo(201);
    engine.increaseTime(Duration.ofDays(3));
    awaitGrant(grantId, "EXPIRED");
    assertThat(upload("1.0.2")).isEqualTo(403);
    await().atMost(Duration.ofSeconds(20)).until(() -> Releases.inboxSubjects(contributor).contains("Access expired"));
    assertThat(actions()).contains("grant.requested", "grant.approved", "grant.activated", "grant.expired");
  }

  @Test
  void revocationEndsAccessAtOnce() {
    long grantId = requestAccess(List.of("UPLOAD", "RELEASE"), 10);
    long taskId = Releases.awaitTask(admin, "authorization", grantId);
    admin.post("/api/v1/tasks/" + taskId + "/complete", Map.of("decision", "approve", "comment", "ok"));
    awaitGrant(grantId, "ACTIVE");
    await().atMost(Duration.ofSeconds(20)).until(() -> upload("2.0.0") == 201);

    assertThat(contributor.post("/api/v1/access-grants/" + grantId + "/revoke", Map.of("reason", "mine")).status())
        .isEqualTo(403);
    Reply revoked = owner.post("/api/v1/access-grants/" + grantId + "/revoke", Map.of("reason", "Project ended"));
    assertThat(revoked.status()).as(String.valueOf(revoked.body())).isEqualTo(200);
    assertThat(revoked.text("status")).isEqualTo("REVOKED");
    assertThat(upload("2.0.1")).isEqualTo(403);
    await().atMost(Duration.ofSeconds(20)).until(() -> Releases.inboxSubjects(contributor).contains("Access revoked"));
    assertThat(owner.post("/api/v1/access-grants/" + grantId + "/revoke", Map.of()).status()).isEqualTo(409);
    assertThat(actions()).contains("grant.revoked");
  }

  @Test
  void cancelingItsInstanceInTheMonitorRefusesAWaitingRequestAndEndsARunningGrant() {
    long waiting = requestAccess(List.of("UPLOAD"), 5);
    long reviewTask = Releases.awaitTask(owner, "authorization", waiting);
    cancelInMonitor(waiting);
    assertThat(contributor.get("/api/v1/access-grants/" + waiting).text("status")).isEqualTo("REJECTED");
    assertThat(owner.get("/api/v1/tasks/" + reviewTask).body().at("/task/state").asText()).isEqualTo("CANCELED");
    assertThat(Releases.task(owner, "authorization", waiting)).isNull();
    assertThat(Releases.task(admin, "authorization", waiting)).isNull();
    assertThat(owner.post("/api/v1/tasks/" + reviewTask + "/complete", Map.of("decision", "approve", "comment", "late"))
        .status()).isEqualTo(409);

    long running = requestAccess(List.of("UPLOAD"), 5);
    long approval = Releases.awaitTask(owner, "authorization", running);
    owner.post("/api/v1/tasks/" + approval + "/complete", Map.of("decision", "approve", "comment", "ok"));
    awaitGrant(running, "ACTIVE");
    await().atMost(Duration.ofSeconds(20)).until(() -> upload("4.0.0") == 201);
    cancelInMonitor(running);
    Reply ended = contributor.get("/api/v1/access-grants/" + running);
    assertThat(ended.text("status")).isEqualTo("REVOKED");
    assertThat(ended.text("endedBy")).isEqualTo("admin");
    assertThat(upload("4.0.1")).isEqualTo(403);

    assertThat(trail(waiting)).contains("admin grant.rejected: Its process instance was canceled in the monitor");
    assertThat(trail(running)).contains("admin grant.revoked: Its process instance was canceled in the monitor");
  }

  /** Cancels the grant's process instance as its workspace admin does in the monitor. */
  private void cancelInMonitor(long grantId) {
    long instance = contributor.get("/api/v1/access-grants/" + grantId).body().get("processInstanceKey").asLong();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> admin.get("/api/v1/monitor/instances/" + instance).status() == 200);
    assertThat(admin.post("/api/v1/monitor/instances/" + instance + "/cancel").status()).isEqualTo(202);
  }

  /** The grant's audit entries as "actor action: detail". */
  private List<String> trail(long grantId) {
    List<String> entries = new java.util.ArrayList<>();
    admin.get("/api/v1/workspaces/" + workspaceId + "/audit?subjectType=grant").body().forEach(e -> {
      if (String.valueOf(grantId).equals(e.get("subjectId").asText())) {
        entries.add(e.get("actor").asText() + " " + e.get("action").asText() + ": " + e.path("detail").asText());
      }
    });
    return entries;
  }

  @Test
  void aRequestNobodyDecidesInTimeIsEscalatedToTheWorkspaceAdmins() {
    long grantId = requestAccess(List.of("ANALYTICS"), 5);
    long taskId = Releases.awaitTask(owner, "authorization", grantId);
    // an access review has a due date: the task list shows it with it (it once failed with a 500 on such rows)
    var queue = SessionClient.logIn("http://localhost:" + port, "admin", EmbeddedMiniflowTest.PASSWORD).api()
        .getText("/tasks/table?queue=ALL");
    assertThat(queue.getStatusCode().value()).isEqualTo(200);
    assertThat(queue.getBody()).contains("/tasks/" + taskId).doesNotContain("table-warning");
    engine.increaseTime(Duration.ofDays(3));
    await().atMost(Duration.ofSeconds(30))
        .until(() -> Releases.inboxSubjects(admin).contains("Access request waiting"));
    assertThat(Releases.task(owner, "authorization", grantId)).isNotNull(); // still decidable
    assertThat(actions()).contains("grant.escalated");
  }

  @Test
  void miniProgramAdminsGiveAndTakeTheDeveloperRole() {
    String members = "/api/v1/mini-programs/" + miniProgramId + "/members/";
    assertThat(upload("3.0.0")).isEqualTo(403);
    assertThat(contributor.put(members + contributorName, Map.of("role", "DEVELOPER")).status()).isEqualTo(403);
    assertThat(owner.put(members + contributorName, Map.of("role", "DEVELOPER")).status()).isEqualTo(200);
    assertThat(upload("3.0.0")).isEqualTo(201);
    assertThat(contributor.put(members + "admin", Map.of("role", "DEVELOPER")).status()).isEqualTo(403);
    assertThat(owner.put(members + "developer", Map.of("role", "DEVELOPER")).status()).isEqualTo(409);
    assertThat(owner.delete(members + "developer").status()).isEqualTo(409);
    assertThat(owner.put(members + "nobody-here", Map.of("role", "DEVELOPER")).status()).isEqualTo(404);
    assertThat(owner.delete(members + contributorName).status()).isEqualTo(204);
    assertThat(upload("3.0.1")).isEqualTo(403);
    assertThat(owner.get("/api/v1/mini-programs/" + miniProgramId + "/members").body().toString())
        .contains("developer").doesNotContain(contributorName);
  }

  @Test
  void badRequestsAreRefusedAndChangeNothing() {
    String path = "/api/v1/mini-programs/" + miniProgramId + "/access-requests";
    assertThat(contributor.post(path, Map.of("scopes", List.of(), "days", 5, "justification", "I need this")).status())
        .isEqualTo(400);
    assertThat(contributor.post(path, Map.of("scopes", List.of("UPLOAD"), "days", 91, "justification", "I need this"))
        .status()).isEqualTo(400);
    assertThat(contributor.post(path, Map.of("scopes", List.of("UPLOAD"), "days", 0, "justification", "I need this"))
        .status()).isEqualTo(400);
    assertThat(contributor.post(path, Map.of("scopes", List.of("UPLOAD"), "days", 5, "justification", "short"))
        .status()).isEqualTo(400);
    assertThat(contributor.post(path, Map.of("scopes", List.of("ROOT"), "days", 5, "justification", "I need this"))
        .status()).isEqualTo(400);
    assertThat(owner.get("/api/v1/mini-programs/" + miniProgramId + "/access-grants").body()).isEmpty();
  }

  private long requestAccess(List<String> scopes, int days) {
    Reply reply = contributor.post("/api/v1/mini-programs/" + miniProgramId + "/access-requests",
        Map.of("scopes", scopes, "days", days, "justification", "Fixing the checkout bug for the launch"));
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
    return reply.id();
  }

  private void awaitGrant(long grantId, String status) {
    await().atMost(Duration.ofSeconds(30))
        .until(() -> status.equals(contributor.get("/api/v1/access-grants/" + grantId).text("status")));
  }

  private int upload(String version) {
    return contributor.upload(miniProgramId, version, TestPackages.valid()).status();
  }

  private List<String> actions() {
    List<String> actions = new java.util.ArrayList<>();
    admin.get("/api/v1/workspaces/" + workspaceId + "/audit?action=grant.").body()
        .forEach(e -> actions.add(e.get("action").asText()));
    return actions;
  }
}
