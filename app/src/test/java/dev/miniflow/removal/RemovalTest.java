package dev.miniflow.removal;

import dev.miniflow.engine.embedded.EmbeddedInfrastructure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ApiClient.Reply;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/** Owners' reviewed removals and inspectors' forced removals, with their audit trail and notices. */
@EmbeddedMiniflowTest
// This class moves the engine's clock by days: it gets an engine of its own.
@TestPropertySource(properties = {"miniflow.data-dir=target/test-data/removal", "miniflow.removal.rectify-within=P5D"})
class RemovalTest {
  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired TargetApps targetApps;
  @Autowired @Qualifier(EmbeddedInfrastructure.ENGINE_BEAN) ZeebeTestEngine engine;

  ApiClient developer;
  ApiClient reviewer;
  ApiClient inspector;
  ApiClient admin;
  long workspaceId;
  long miniProgramId;
  long appId;
  long releaseId;

  @BeforeEach
  void liveRelease() {
    String base = "http://localhost:" + port;
    developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    reviewer = new ApiClient(base, "reviewer", EmbeddedMiniflowTest.PASSWORD);
    inspector = new ApiClient(base, "inspector", EmbeddedMiniflowTest.PASSWORD);
    admin = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
    workspaceId = TestWorkspaces.create(workspaces, tx, "Removal", Map.of("developer", Set.of(Role.DEVELOPER),
        "reviewer", Set.of(Role.REVIEWER), "inspector", Set.of(Role.INSPECTOR), "admin", Set.of(Role.ADMIN),
        "operator", Set.of(Role.OPERATOR)));
    miniProgramId = developer.createMiniProgram(workspaceId, "Removable").id();
    appId = developer.defaultTargetAppId(workspaceId);
    long version = developer.upload(miniProgramId, "1.0.0", TestPackages.valid()).id();
    // Test releases need no review and go live at once.
    releaseId = developer.post("/api/v1/releases", Map.of("versionId", version, "targetAppId", appId,
        "environment", "TEST")).releaseId();
    Releases.awaitStatus(developer, releaseId, "RELEASED");
  }

  @Test
  void removalIsRefusedWithoutLiveReleaseWithReleaseInFlightAndWithoutReason() {
    Reply notLive = request("PRODUCTION", "Not live there");
    assertThat(notLive.status()).isEqualTo(409);
    assertThat(notLive.text("detail")).contains("no live full release");
    assertThat(request("TEST", " ").status()).isEqualTo(400);
    assertThat(reviewer.post("/api/v1/removals", Map.of("miniProgramId", miniProgramId, "targetAppId", appId,
        "environment", "TEST", "reason", "x")).status()).isEqualTo(403);

    // Live in Production, with the next version under review there: in flight.
    ApiClient operator = new ApiClient("http://localhost:" + port, "operator", EmbeddedMiniflowTest.PASSWORD);
    long live = productionRelease("1.1.0");
    assertThat(operator.post("/api/v1/releases/" + live + "/full").status()).isEqualTo(202);
    Releases.awaitStatus(developer, live, "RELEASED");
    productionRelease("1.2.0");
    Reply inFlight = request("PRODUCTION", "Stop it");
    assertThat(inFlight.status()).isEqualTo(409);
    assertThat(inFlight.text("detail")).contains("in flight");
    assertThat(developer.get("/api/v1/mini-programs/" + miniProgramId + "/removals").body()).isEmpty();
  }

  private long productionRelease(String number) {
    long version = developer.upload(miniProgramId, number, TestPackages.valid()).id();
    long id = developer.post("/api/v1/releases", Map.of("versionId", version, "targetAppId", appId,
        "environment", "PRODUCTION")).releaseId();
    long task = Releases.awaitReviewTask(reviewer, id);
    reviewer.post("/api/v1/tasks/" + task + "/complete", Map.of("decision", "approve", "comment", "ok"));
    Releases.awaitStatus(developer, id, "APPROVED");
    return id;
  }

  @Test
  void aReviewedRemovalTakesTheReleaseOfflineArchivesItAndBlocksNewReleases() {
    Reply requested = request("TEST", "We are closing the shop");
    assertThat(requested.status()).isEqualTo(201);
    long removalId = requested.id();
    assertThat(request("TEST", "Again").status()).isEqualTo(409);
    long taskId = Releases.awaitTask(reviewer, "removal", removalId);
    assertThat(developer.post("/api/v1/tasks/" + taskId + "/claim").status()).isEqualTo(403);
    reviewer.post("/api/v1/tasks/" + taskId + "/complete", Map.of("decision", "approve", "comment", "ok"));

    awaitRemoval(removalId, "REMOVED");
    assertThat(Releases.status(developer, releaseId)).isEqualTo("ARCHIVED");
    assertThat(targetApps.publicationCount("release-" + releaseId + "-native-OFFLINE")).isEqualTo(1);
    awaitInbox(developer, "Removed: Removable");
    assertThat(audit(removalId)).contains("removal.requested", "removal.approved", "removal.removed",
        "removal.notified");

    long next = developer.upload(miniProgramId, "2.0.0", TestPackages.valid()).id();
    Reply blocked =
        developer.post("/api/v1/releases", Map.of("versionId", next, "targetAppId", appId, "environment", "TEST"));
    assertThat(blocked.status()).isEqualTo(409);
    assertThat(blocked.text("detail")).contains("was removed").contains("admin");
    // An admin restores it through a new release that is reviewed even in Test.
    long restore =
        admin.post("/api/v1/releases", Map.of("versionId", next, "targetAppId", appId, "environment", "TEST"))
            .releaseId();
    Releases.awaitStatus(admin, restore, "UNDER_REVIEW");
    long restoreTask = Releases.awaitReviewTask(reviewer, restore);
    reviewer.post("/api/v1/tasks/" + restoreTask + "/complete", Map.of("decision", "approve", "comment", "back"));
    Releases.awaitStatus(admin, restore, "RELEASED");
    long after = developer.upload(miniProgramId, "2.1.0", TestPackages.valid()).id();
    assertThat(
        developer.post("/api/v1/releases", Map.of("versionId", after, "targetAppId", appId, "environment", "TEST"))
            .status())
        .isEqualTo(201);
  }

  @Test
  void theRequesterWithdrawsARemovalUnderReview() {
    long removalId = request("TEST", "Changed our mind soon").id();
    long taskId = Releases.awaitTask(reviewer, "removal", removalId);
    assertThat(reviewer.post("/api/v1/removals/" + removalId + "/withdraw").status()).isEqualTo(403);
    assertThat(developer.post("/api/v1/removals/" + removalId + "/withdraw").text("status")).isEqualTo("WITHDRAWN");
    await().atMost(Duration.ofSeconds(20))
        .until(() -> "CANCELED".equals(reviewer.get("/api/v1/tasks/" + taskId).body().at("/task/state").asText()));
    awaitInbox(developer, "Removal withdrawn: Removable");
    assertThat(Releases.status(developer, releaseId)).isEqualTo("RELEASED");
    assertThat(developer.post("/api/v1/removals/" + removalId + "/withdraw").status()).isEqualTo(409);
  }

  @Test
  void cancelingItsInstanceInTheMonitorWithdrawsARemovalAndAFindingAndClosesTheirTasks() {
    long removalId = request("TEST", "We are closing the shop").id();
    long reviewTask = Releases.awaitTask(reviewer, "removal", removalId);
    cancelInMonitor(removalId);
    assertThat(developer.get("/api/v1/removals/" + removalId).text("status")).isEqualTo("WITHDRAWN");
    assertThat(reviewer.get("/api/v1/tasks/" + reviewTask).body().at("/task/state").asText()).isEqualTo("CANCELED");
    assertThat(Releases.task(reviewer, "removal", removalId)).isNull();

    long findingId = force("MAJOR");
    long rectificationTask = rectifyAndAwaitReview(findingId);
    cancelInMonitor(findingId);
    assertThat(developer.get("/api/v1/removals/" + findingId).text("status")).isEqualTo("WITHDRAWN");
    assertThat(inspector.get("/api/v1/tasks/" + rectificationTask).body().at("/task/state").asText())
        .isEqualTo("CANCELED");
    assertThat(Releases.task(inspector, "force-removal", findingId)).isNull();

    assertThat(trail(removalId)).contains("admin removal.withdrawn: Its process instance was canceled in the monitor");
    assertThat(trail(findingId)).contains("admin removal.withdrawn: Its process instance was canceled in the monitor");
    // nothing was taken offline, and nothing is left open that would refuse a new removal
    assertThat(Releases.status(developer, releaseId)).isEqualTo("RELEASED");
    assertThat(request("TEST", "Closing the shop after all").status()).isEqualTo(201);
  }

  /** Cancels the removal's process instance as its workspace admin does in the monitor. */
  private void cancelInMonitor(long removalId) {
    long instance = developer.get("/api/v1/removals/" + removalId).body().get("processInstanceKey").asLong();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> admin.get("/api/v1/monitor/instances/" + instance).status() == 200);
    assertThat(admin.post("/api/v1/monitor/instances/" + instance + "/cancel").status()).isEqualTo(202);
  }

  /** The removal's audit entries as "actor action: detail". */
  private List<String> trail(long removalId) {
    List<String> entries = new ArrayList<>();
    admin.get("/api/v1/workspaces/" + workspaceId + "/audit?subjectType=removal").body().forEach(e -> {
      if (String.valueOf(removalId).equals(e.get("subjectId").asText())) {
        entries.add(e.get("actor").asText() + " " + e.get("action").asText() + ": " + e.path("detail").asText());
      }
    });
    return entries;
  }

  @Test
  void aFindingIsRemovedAutomaticallyWhenTheDeadlinePasses() {
    assertThat(developer.post("/api/v1/force-removals", finding("MAJOR")).status()).isEqualTo(403);
    long removalId = force("MAJOR");
    awaitInbox(developer, "Warning: Removable breaks a rule");
    engine.increaseTime(Duration.ofDays(6));
    awaitRemoval(removalId, "REMOVED");
    assertThat(Releases.status(developer, releaseId)).isEqualTo("ARCHIVED");
    awaitInbox(developer, "Removed: Removable");
    assertThat(audit(removalId)).contains("removal.finding", "removal.warned", "removal.removed");
  }

  @Test
  void anAcceptedRectificationClosesTheCase() {
    long removalId = force("MINOR");
    long taskId = rectifyAndAwaitReview(removalId);
    inspector.post("/api/v1/tasks/" + taskId + "/complete", Map.of("decision", "accept", "comment", "Fixed"));
    awaitRemoval(removalId, "RESOLVED");
    engine.increaseTime(Duration.ofDays(6));
    awaitInbox(developer, "Finding resolved: Removable");
    assertThat(Releases.status(developer, releaseId)).isEqualTo("RELEASED");
    assertThat(audit(removalId)).contains("removal.rectification-submitted", "removal.rectification-accepted");
  }

  @Test
  void aRejectedRectificationLetsTheDeadlineRunOn() {
    long removalId = force("MAJOR");
    long taskId = rectifyAndAwaitReview(removalId);
    assertThat(inspector.post("/api/v1/tasks/" + taskId + "/complete", Map.of("decision", "reject")).status())
        .isEqualTo(400);
    inspector.post("/api/v1/tasks/" + taskId + "/complete", Map.of("decision", "reject", "comment", "Still broken"));
    awaitRemoval(removalId, "WARNED");
    assertThat(Releases.status(developer, releaseId)).isEqualTo("RELEASED");
    engine.increaseTime(Duration.ofDays(6));
    awaitRemoval(removalId, "REMOVED");
    assertThat(audit(removalId)).contains("removal.rectification-rejected", "removal.removed");
  }

  @Test
  void aSevereFindingIsRemovedAtOnce() throws Exception {
    long removalId = force("SEVERE");
    awaitRemoval(removalId, "REMOVED");
    assertThat(Releases.status(developer, releaseId)).isEqualTo("ARCHIVED");
    awaitInbox(developer, "Removed: Removable");
    assertThat(audit(removalId)).contains("removal.finding", "removal.removed").doesNotContain("removal.warned");
    // the pages people use show the same
    assertThat(page("inspector", "/mini-programs/" + miniProgramId + "/removals")).contains("Record a finding",
        "REMOVED");
    assertThat(page("developer", "/mini-programs/" + miniProgramId + "/removals")).doesNotContain("Record a finding");
    assertThat(page("developer", "/removals/" + removalId)).contains("No gambling", "removal.removed");
  }

  private String page(String user, String path) throws Exception {
    var request = java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://localhost:" + port + path))
        .header("Authorization", "Basic " + java.util.Base64.getEncoder()
            .encodeToString((user + ":" + EmbeddedMiniflowTest.PASSWORD).getBytes()))
        .build();
    var response =
        java.net.http.HttpClient.newHttpClient().send(request, java.net.http.HttpResponse.BodyHandlers.ofString());
    assertThat(response.statusCode()).isEqualTo(200);
    return response.body();
  }

  private Reply request(String environment, String reason) {
    return developer.post("/api/v1/removals", Map.of("miniProgramId", miniProgramId, "targetAppId", appId,
        "environment", environment, "reason", reason));
  }

  private Map<String, Object> finding(String severity) {
    return Map.of("miniProgramId", miniProgramId, "rule", "No gambling", "evidence", "The lottery page",
        "severity", severity);
  }

  private long force(String severity) {
    Reply reply = inspector.post("/api/v1/force-removals", finding(severity));
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
    return reply.id();
  }

  private long rectifyAndAwaitReview(long removalId) {
    await().atMost(Duration.ofSeconds(20)).until(() -> audit(removalId).contains("removal.warned"));
    assertThat(reviewer.post("/api/v1/removals/" + removalId + "/rectification", Map.of("note", "x")).status())
        .isEqualTo(403);
    Reply rectified = developer.post("/api/v1/removals/" + removalId + "/rectification",
        Map.of("note", "We removed the lottery page"));
    assertThat(rectified.status()).isEqualTo(200);
    return Releases.awaitTask(inspector, "force-removal", removalId);
  }

  private void awaitRemoval(long removalId, String status) {
    await().atMost(Duration.ofSeconds(30))
        .until(() -> status.equals(developer.get("/api/v1/removals/" + removalId).text("status")));
  }

  private void awaitInbox(ApiClient client, String subjectStart) {
    await().atMost(Duration.ofSeconds(30))
        .until(() -> Releases.inboxSubjects(client).stream().anyMatch(s -> s.startsWith(subjectStart)));
  }

  private List<String> audit(long removalId) {
    List<String> actions = new ArrayList<>();
    JsonNode events = admin.get("/api/v1/workspaces/" + workspaceId + "/audit?subjectType=removal").body();
    events.forEach(e -> {
      if (String.valueOf(removalId).equals(e.get("subjectId").asText())) {
        actions.add(e.get("action").asText());
      }
    });
    return actions;
  }
}
