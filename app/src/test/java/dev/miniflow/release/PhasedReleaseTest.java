package dev.miniflow.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miniflow.engine.embedded.EmbeddedInfrastructure;
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
import java.util.HashMap;
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
 * Phased releases over HTTP, advanced by the release process's timers as the engine's clock is
 * moved: pause, resume, revert to the previous full release, and completion at the deadline.
 */
@EmbeddedMiniflowTest
class PhasedReleaseTest {
  @LocalServerPort int port;
  @Autowired TargetApps targetApps;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;
  @Autowired @Qualifier(EmbeddedInfrastructure.ENGINE_BEAN) ZeebeTestEngine engine;

  ApiClient developer;
  ApiClient reviewer;
  ApiClient operator;
  long workspaceId;
  long nativeApp;
  long miniProgramId;

  @BeforeEach
  void setUp() {
    String base = "http://localhost:" + port;
    developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    reviewer = new ApiClient(base, "reviewer", EmbeddedMiniflowTest.PASSWORD);
    operator = new ApiClient(base, "operator", EmbeddedMiniflowTest.PASSWORD);
    workspaceId = TestWorkspaces.create(workspaces, tx, "Phased", Map.of("developer", Set.of(Role.DEVELOPER),
        "reviewer", Set.of(Role.REVIEWER), "operator", Set.of(Role.OPERATOR)));
    Map<String, Long> apps = new HashMap<>();
    developer.get("/api/v1/workspaces/" + workspaceId + "/target-apps").body()
        .forEach(a -> apps.put(a.get("code").asText(), a.get("id").asLong()));
    nativeApp = apps.get("native");
    miniProgramId =
        developer.createMiniProgram(workspaceId, "Phase " + UUID.randomUUID().toString().substring(0, 8)).id();
  }

  @Test
  void aPlanAdvancesByTheEngineClockIsPausedResumedAndRevertedToThePreviousFullRelease() {
    long first = approvedProductionRelease("1.0.0");
    assertThat(operator.post("/api/v1/releases/" + first + "/full").status()).isEqualTo(202);
    Releases.awaitStatus(developer, first, "RELEASED");
    long second = approvedProductionRelease("1.1.0");
    String plan = "/api/v1/releases/" + second + "/phased-plan";

    // who may plan, and plans that are refused without changing anything
    assertThat(developer.post(plan, plan(List.of(1, 5), "PT1H")).status()).isEqualTo(403);
    assertThat(operator.post(plan, plan(List.of(5, 1), "PT1H")).text("detail")).contains("only rises");
    assertThat(operator.post(plan, plan(List.of(1, 5), "PT10S")).status()).isEqualTo(400);
    assertThat(operator.post(plan, plan(List.of(1, 5), "soon")).status()).isEqualTo(400);
    assertThat(operator.post(plan, Map.of("steps", List.of())).status()).isEqualTo(400);
    assertThat(operator.get(plan).status()).isEqualTo(204);

    Reply started = operator.post(plan, plan(List.of(1, 5, 20, 100), "PT1H"));
    assertThat(started.status()).as(String.valueOf(started.body())).isEqualTo(201);
    assertThat(started.body().get("state").asText()).isEqualTo("ACTIVE");
    assertThat(operator.post(plan, plan(List.of(2, 5), "PT1H")).status()).isEqualTo(409);
    awaitPercent(second, 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> operator.get(plan).body().get("nextStepDueAt").isTextual());

    // the plan sets the percentage; rollback of the live release waits for it
    assertThat(operator.post("/api/v1/releases/" + second + "/grayscale", Map.of("percent", 50)).text("detail"))
        .contains("phased release");
    Reply rollback = operator.post("/api/v1/releases/" + first + "/rollback");
    assertThat(rollback.status()).isEqualTo(409);
    assertThat(rollback.text("detail")).contains("phased release");

    engine.increaseTime(Duration.ofMinutes(61));
    awaitPercent(second, 5);

    // paused: the step's timer fires and nothing moves
    assertThat(operator.post(plan + "/pause").body().get("state").asText()).isEqualTo("PAUSED");
    assertThat(operator.post(plan + "/pause").status()).isEqualTo(409);
    long instance = release(second).get("processInstanceKey").asLong();
    // the step that moved it to 5 % may still be on its way into the projection: count once that settled
    int[] seen = {-1};
    await().atMost(Duration.ofSeconds(20)).pollInterval(Duration.ofMillis(500)).until(() -> {
      int now = advanceSteps(instance);
      boolean settled = now > 0 && now == seen[0];
      seen[0] = now;
      return settled;
    });
    int advanced = seen[0];
    engine.increaseTime(Duration.ofMinutes(61));
    // the timer fired and its step looked at the plan (and found it paused): nothing moved
    await().atMost(Duration.ofSeconds(20)).until(() -> advanceSteps(instance) == advanced + 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> release(second).get("pendingStage").isNull());
    assertThat(release(second).get("grayscalePercent").asInt()).isEqualTo(5);

    // resumed: the step's dwell starts again
    assertThat(operator.post(plan + "/resume").body().get("state").asText()).isEqualTo("ACTIVE");
    await().atMost(Duration.ofSeconds(20)).until(() -> operator.get(plan).body().get("nextStepDueAt").isTextual());
    engine.increaseTime(Duration.ofMinutes(61));
    awaitPercent(second, 20);
    assertThat(operator.get(plan).body().get("currentPercent").asInt()).isEqualTo(20);
    assertThat(targetApps.publicationCount("release-" + second + "-native-GRAYSCALE-1")).isEqualTo(1);
    assertThat(targetApps.publicationCount("release-" + second + "-native-GRAYSCALE-5")).isEqualTo(1);
    assertThat(targetApps.publicationCount("release-" + second + "-native-GRAYSCALE-20")).isEqualTo(1);

    // revert: the release stops, everyone gets the previous full release again, once
    assertThat(operator.post(plan + "/revert", Map.of("reason", "")).status()).isEqualTo(400);
    Reply reverted = operator.post(plan + "/revert", Map.of("reason", "crash rate doubled at 20%"));
    assertThat(reverted.status()).as(String.valueOf(reverted.body())).isEqualTo(200);
    assertThat(reverted.body().get("state").asText()).isEqualTo("REVERTED");
    assertThat(Releases.awaitStatus(developer, second, "CANCELED").get("stoppedReason").asText())
        .contains("crash rate doubled");
    await().atMost(Duration.ofSeconds(20)).until(() -> operator.get(plan).body().get("restoredAt").isTextual());
    assertThat(targetApps.publicationCount("release-" + first + "-native-FULL-after-" + second)).isEqualTo(1);
    assertThat(release(first).get("status").asText()).isEqualTo("RELEASED");
    assertThat(targetApps.publicationCount("release-" + second + "-native-FULL")).isZero();
    assertThat(operator.post(plan + "/resume").status()).isEqualTo(409);
    assertThat(operator.get("/api/v1/releases/" + second + "/audit").body().toString())
        .contains("release.phased-started", "release.phased-advanced", "release.phased-paused",
            "release.phased-resumed", "release.phased-reverted", "release.phased-restored");
  }

  @Test
  void aPlanCompletesToEveryoneAtItsDeadline() {
    long release = approvedProductionRelease("2.0.0");
    String plan = "/api/v1/releases/" + release + "/phased-plan";
    // steps longer than the default deadline of 15 days: the deadline ends it
    assertThat(operator.post(plan, plan(List.of(1, 50), "P10D")).status()).isEqualTo(201);
    awaitPercent(release, 1);
    await().atMost(Duration.ofSeconds(20)).until(() -> operator.get(plan).body().get("deadlineAt").isTextual());
    engine.increaseTime(Duration.ofDays(15).plusMinutes(1));
    Releases.awaitStatus(developer, release, "RELEASED");
    await().atMost(Duration.ofSeconds(20))
        .until(() -> "COMPLETED".equals(operator.get(plan).body().get("state").asText()));
    assertThat(targetApps.publicationCount("release-" + release + "-native-GRAYSCALE-50")).isZero();
    assertThat(targetApps.publicationCount("release-" + release + "-native-FULL")).isEqualTo(1);
    assertThat(operator.get("/api/v1/releases/" + release + "/audit").body().toString())
        .contains("Deadline reached: 100%");
  }

  private static Map<String, Object> plan(List<Integer> percents, String dwell) {
    return Map.of("steps", percents.stream().map(p -> Map.of("percent", p, "dwell", dwell)).toList());
  }

  private void awaitPercent(long id, int percent) {
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      JsonNode release = release(id);
      return release.get("grayscalePercent").asInt() == percent && release.get("pendingStage").isNull();
    });
  }

  private long approvedProductionRelease(String number) {
    Reply uploaded = developer.upload(miniProgramId, number, TestPackages.valid());
    assertThat(uploaded.status()).isEqualTo(201);
    Reply reply = developer.post("/api/v1/releases", Map.of("versionId", uploaded.id(), "targetAppId", nativeApp,
        "environment", "PRODUCTION"));
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
    long id = reply.releaseId();
    long task = Releases.awaitReviewTask(reviewer, id);
    assertThat(reviewer.post("/api/v1/tasks/" + task + "/complete", Map.of("decision", "approve", "comment", "ok"))
        .status()).isEqualTo(200);
    Releases.awaitStatus(developer, id, "APPROVED");
    await().atMost(Duration.ofSeconds(20)).until(() -> release(id).get("bundleSha256").isTextual());
    return id;
  }

  private JsonNode release(long id) {
    return Releases.release(developer, id);
  }

  /** How often the phased release's advance step completed in the instance. */
  private int advanceSteps(long instance) {
    return jdbc.sql("select count(*) from element_instance where process_instance_key = :k"
        + " and element_id = 'AdvancePhase' and state = 'COMPLETED'").param("k", instance).query(Integer.class)
        .single();
  }
}
