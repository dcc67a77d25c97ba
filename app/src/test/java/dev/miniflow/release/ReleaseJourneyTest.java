package dev.miniflow.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ApiClient.Reply;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/** A version from upload to release through the real BPMN approval, over HTTP as users do it. */
@EmbeddedMiniflowTest
class ReleaseJourneyTest {
  @LocalServerPort int port;
  @Autowired TargetApps targetApps;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;

  ApiClient developer;
  ApiClient reviewer;
  ApiClient operator;
  long workspaceId;
  long targetAppId;

  @BeforeEach
  void users() {
    String base = "http://localhost:" + port;
    developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    reviewer = new ApiClient(base, "reviewer", EmbeddedMiniflowTest.PASSWORD);
    operator = new ApiClient(base, "operator", EmbeddedMiniflowTest.PASSWORD);
    workspaceId = developer.workspaceId();
    targetAppId = developer.defaultTargetAppId(workspaceId);
  }

  @Test
  void approvedReleaseIsPackagedPublishedAndTheRequesterNotified() {
    long versionId = uploadedVersion("1.0.0");
    Reply requested = developer.post("/api/v1/releases",
        Map.of("versionId", versionId, "targetAppId", targetAppId, "environment", "PRODUCTION"));
    assertThat(requested.status()).isEqualTo(201);
    long releaseId = requested.releaseId();

    JsonNode task = awaitReviewTask(releaseId);
    long taskId = task.get("id").asLong();
    Reply view = reviewer.get("/api/v1/tasks/" + taskId);
    assertThat(view.body().at("/context/report").asText()).contains("\"valid\" : true").contains("pages/index/index");
    assertThat(view.body().at("/form/fields/0/key").asText()).isEqualTo("decision");
    assertThat(view.body().at("/context/facts/1/value").asText()).isEqualTo("1.0.0");

    // The developer is not a reviewer: the task is not theirs to decide.
    assertThat(developer.post("/api/v1/tasks/" + taskId + "/claim").status()).isEqualTo(403);

    assertThat(reviewer.post("/api/v1/tasks/" + taskId + "/claim").status()).isEqualTo(200);
    Reply completed = reviewer.post("/api/v1/tasks/" + taskId + "/complete",
        Map.of("decision", "approve", "comment", "Looks good"));
    assertThat(completed.status()).isEqualTo(200);
    assertThat(completed.text("state")).isEqualTo("COMPLETED");

    // Production: approved, then an operator rolls it out.
    awaitStatus(releaseId, "APPROVED");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(
        () -> assertThat(inboxSubjects(operator)).anyMatch(s -> s.startsWith("Approved:") && s.contains("1.0.0")));
    assertThat(operator.post("/api/v1/releases/" + releaseId + "/full").status()).isEqualTo(202);
    JsonNode release = awaitStatus(releaseId, "RELEASED");
    assertThat(release.get("decidedBy").asText()).isEqualTo("reviewer");
    assertThat(release.get("decisionComment").asText()).isEqualTo("Looks good");
    assertThat(release.get("bundleSha256").asText()).hasSize(64);
    assertThat(release.get("bundleSignature").asText()).hasSize(64);
    assertThat(targetApps.publicationCount("release-" + releaseId + "-native-FULL")).isEqualTo(1);

    await().atMost(Duration.ofSeconds(20)).untilAsserted(() -> assertThat(actions(releaseId)).containsSubsequence(
        "release.requested", "release.validated", "release.under-review", "release.approved",
        "release.packaged", "release.notified", "release.full-requested", "release.released", "release.notified"));
    assertThat(inboxSubjects(developer)).anyMatch(s -> s.startsWith("Released:") && s.contains("1.0.0"));

    // The task is gone from the queue and shows in the reviewer's completed list.
    assertThat(ids(reviewer.get("/api/v1/tasks?queue=AVAILABLE").body())).doesNotContain(taskId);
    assertThat(ids(reviewer.get("/api/v1/tasks?queue=COMPLETED").body())).contains(taskId);
    // The second completion of the same task is refused with a clear message.
    Reply again = reviewer.post("/api/v1/tasks/" + taskId + "/complete", Map.of("decision", "reject", "comment", "x"));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.text("detail")).contains("already completed by reviewer");
  }

  @Test
  void rejectedReleaseEndsRejectedWithTheReviewersComment() {
    long versionId = uploadedVersion("2.0.0");
    long releaseId = developer.post("/api/v1/releases",
        Map.of("versionId", versionId, "targetAppId", targetAppId, "environment", "PRODUCTION")).releaseId();
    long taskId = awaitReviewTask(releaseId).get("id").asLong();
    reviewer.post("/api/v1/tasks/" + taskId + "/claim");

    Reply withoutComment = reviewer.post("/api/v1/tasks/" + taskId + "/complete", Map.of("decision", "reject"));
    assertThat(withoutComment.status()).isEqualTo(400);
    assertThat(withoutComment.text("detail")).contains("needs a comment");
    Reply unknownDecision = reviewer.post("/api/v1/tasks/" + taskId + "/complete", Map.of("decision", "maybe"));
    assertThat(unknownDecision.status()).isEqualTo(400);
    Reply extraField = reviewer.post("/api/v1/tasks/" + taskId + "/complete",
        Map.of("decision", "approve", "releaseId", 1));
    assertThat(extraField.status()).isEqualTo(400);

    Reply rejected = reviewer.post("/api/v1/tasks/" + taskId + "/complete",
        Map.of("decision", "reject", "comment", "The about page is empty"));
    assertThat(rejected.status()).isEqualTo(200);

    JsonNode release = awaitStatus(releaseId, "REJECTED");
    assertThat(release.get("decisionComment").asText()).isEqualTo("The about page is empty");
    await().atMost(Duration.ofSeconds(20)).untilAsserted(
        () -> assertThat(inboxSubjects(developer)).anyMatch(s -> s.startsWith("Rejected:") && s.contains("2.0.0")));
    assertThat(actions(releaseId)).contains("release.rejected", "release.notified").doesNotContain("release.packaged");
    assertThat(targetApps.publicationCount("release-" + releaseId + "-native-FULL")).isZero();
  }

  @Test
  void nobodyApprovesTheirOwnRelease() {
    String lead = "lead-" + UUID.randomUUID().toString().substring(0, 8);
    tx.executeWithoutResult(s -> {
      workspaces.createAccount(lead, "Lead", lead + "@example.com", "lead-pass-123", "test");
      workspaces.addMember(workspaceId, lead, Set.of(Role.DEVELOPER, Role.REVIEWER), "test");
    });
    ApiClient leadClient = new ApiClient("http://localhost:" + port, lead, "lead-pass-123");
    long leadsProgram = leadClient.createMiniProgram(workspaceId, "Lead's " + UUID.randomUUID()).id();
    long versionId = leadClient.upload(leadsProgram, "3.0.0", TestPackages.valid()).id();
    long releaseId = leadClient.post("/api/v1/releases",
        Map.of("versionId", versionId, "targetAppId", targetAppId, "environment", "PRODUCTION")).releaseId();
    long taskId = awaitReviewTask(releaseId).get("id").asLong();

    Reply claim = leadClient.post("/api/v1/tasks/" + taskId + "/claim");
    assertThat(claim.status()).isEqualTo(403);
    assertThat(claim.text("detail")).contains("four-eyes");
    Reply complete = leadClient.post("/api/v1/tasks/" + taskId + "/complete", Map.of("decision", "approve"));
    assertThat(complete.status()).isEqualTo(403);
    assertThat(developer.get("/api/v1/releases/" + releaseId).text("status")).isEqualTo("UNDER_REVIEW");
  }

  @Test
  void aSecondReleaseInFlightForTheSameTargetIsAConflict() {
    long versionId = uploadedVersion("4.0.0");
    Map<String, Object> body = Map.of("versionId", versionId, "targetAppId", targetAppId, "environment", "SANDBOX");
    assertThat(developer.post("/api/v1/releases", body).status()).isEqualTo(201);
    Reply second = developer.post("/api/v1/releases", body);
    assertThat(second.status()).isEqualTo(409);
    assertThat(second.text("detail")).contains("already in flight");
  }

  private long uploadedVersion(String version) {
    long miniProgramId = developer.createMiniProgram(workspaceId, "Shop " + UUID.randomUUID()).id();
    Reply uploaded = developer.upload(miniProgramId, version, TestPackages.valid());
    assertThat(uploaded.status()).as(uploaded.body().toString()).isEqualTo(201);
    return uploaded.id();
  }

  private JsonNode awaitReviewTask(long releaseId) {
    long taskId = Releases.awaitReviewTask(reviewer, releaseId);
    JsonNode task = reviewer.get("/api/v1/tasks/" + taskId).body().get("task");
    assertThat(task.get("name").asText()).isEqualTo("Review release");
    assertThat(task.get("candidateGroups").get(0).asText()).isEqualTo("reviewers");
    return task;
  }

  private JsonNode awaitStatus(long releaseId, String status) {
    return Releases.awaitStatus(developer, releaseId, status);
  }

  private List<String> actions(long releaseId) {
    List<String> actions = new ArrayList<>();
    developer.get("/api/v1/releases/" + releaseId + "/audit").body()
        .forEach(e -> actions.add(e.get("action").asText()));
    return actions;
  }

  private static List<String> inboxSubjects(ApiClient client) {
    return Releases.inboxSubjects(client);
  }

  private static List<Long> ids(JsonNode tasks) {
    List<Long> ids = new ArrayList<>();
    tasks.forEach(t -> ids.add(t.get("id").asLong()));
    return ids;
  }
}
