package dev.miniflow.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ApiClient.Reply;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.IntStream;
import javax.imageio.ImageIO;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.util.Set;

/** Every release transition, and every refused one, over HTTP as the people concerned do them. */
@EmbeddedMiniflowTest
class ReleaseLifecycleTest {
  @LocalServerPort int port;
  @Autowired TargetApps targetApps;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired ReleaseActions releaseActions;

  ApiClient developer;
  ApiClient reviewer;
  ApiClient operator;
  long workspaceId;
  Map<String, Long> apps = new HashMap<>();
  long miniProgramId;

  @BeforeEach
  void setUp() {
    String base = "http://localhost:" + port;
    developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    reviewer = new ApiClient(base, "reviewer", EmbeddedMiniflowTest.PASSWORD);
    operator = new ApiClient(base, "operator", EmbeddedMiniflowTest.PASSWORD);
    // a workspace of its own, so the strict app's "10 mini programs per workspace" rule counts only ours
    workspaceId = TestWorkspaces.create(workspaces, tx, "Lifecycle", Map.of("developer", Set.of(Role.DEVELOPER),
        "reviewer", Set.of(Role.REVIEWER), "operator", Set.of(Role.OPERATOR)));
    developer.get("/api/v1/workspaces/" + workspaceId + "/target-apps").body()
        .forEach(a -> apps.put(a.get("code").asText(), a.get("id").asLong()));
    miniProgramId =
        developer.createMiniProgram(workspaceId, "Life " + UUID.randomUUID().toString().substring(0, 8)).id();
  }

  @Test
  void reviewIsRequiredForProductionConfigurableForSandboxAndSkippedForTestAndDevelopment() {
    long v = version("1.0.0");
    assertThat(status(request(v, "native", "PRODUCTION"))).isEqualTo("UNDER_REVIEW");
    assertThat(status(request(v, "partner-wallet", "SANDBOX"))).isEqualTo("UNDER_REVIEW");
    long sandboxNative = request(v, "native", "SANDBOX");
    long test = request(v, "native", "TEST");
    long development = request(v, "partner-wallet", "DEVELOPMENT");
    for (long id : List.of(sandboxNative, test, development)) {
      awaitStatus(id, "RELEASED", "APPROVED");
    }
    // Sandbox without review still waits for an operator's rollout; Test and Development go live at once.
    assertThat(release(sandboxNative).get("decidedBy").asText()).isEqualTo("system");
    assertThat(awaitStatus(test, "RELEASED").get("decidedBy").asText()).isEqualTo("system");
    awaitStatus(development, "RELEASED");
    assertThat(reviewTask(sandboxNative)).isNull();
  }

  @Test
  void theRequesterWithdrawsWhileUnderReviewAndTheTaskDisappears() {
    long id = request(version("1.0.0"), "native", "PRODUCTION");
    awaitStatus(id, "UNDER_REVIEW");
    long taskId = awaitReviewTask(id);

    assertThat(reviewer.post("/api/v1/releases/" + id + "/withdraw", Map.of("reason", "x")).status()).isEqualTo(403);
    Reply withdrawn = developer.post("/api/v1/releases/" + id + "/withdraw", Map.of("reason", "Found a bug"));
    assertThat(withdrawn.status()).isEqualTo(200);
    assertThat(withdrawn.text("status")).isEqualTo("WITHDRAWN");
    await().atMost(Duration.ofSeconds(20))
        .until(() -> "CANCELED".equals(reviewer.get("/api/v1/tasks/" + taskId).body().at("/task/state").asText()));
    assertThat(reviewer.post("/api/v1/tasks/" + taskId + "/complete", Map.of("decision", "approve")).status())
        .isEqualTo(409);
    Reply again = developer.post("/api/v1/releases/" + id + "/withdraw", Map.of("reason", "again"));
    assertThat(again.status()).isEqualTo(409);
    assertThat(again.text("detail")).contains("WITHDRAWN");
    await().atMost(Duration.ofSeconds(20))
        .until(() -> inbox(developer).stream().anyMatch(s -> s.startsWith("Withdrawn:")));
    // withdrawn frees the slot: a new request for the same target is accepted
    assertThat(developer.post("/api/v1/releases", Map.of("versionId", release(id).get("versionId").asLong(),
        "targetAppId", apps.get("native"), "environment", "PRODUCTION")).status()).isEqualTo(201);
  }

  @Test
  void operatorsPilotThenRaiseGrayscaleThenReleaseFullyArchivingThePreviousRelease() {
    long first = approvedProductionRelease(version("1.0.0"));
    assertThat(operator.post("/api/v1/releases/" + first + "/full").status()).isEqualTo(202);
    awaitStatus(first, "RELEASED");

    long second = approvedProductionRelease(version("1.1.0"));
    assertThat(developer.post("/api/v1/releases/" + second + "/pilot", Map.of("testers", List.of("u1"))).status())
        .isEqualTo(403);
    assertThat(operator.post("/api/v1/releases/" + second + "/pilot", Map.of("testers", List.of())).status())
        .isEqualTo(400);
    List<String> tooMany = IntStream.range(0, 101).mapToObj(i -> "tester" + i).toList();
    assertThat(operator.post("/api/v1/releases/" + second + "/pilot", Map.of("testers", tooMany)).status())
        .isEqualTo(400);
    assertThat(operator.post("/api/v1/releases/" + second + "/pilot", Map.of("testers", List.of("<script>")))
        .status()).isEqualTo(400);

    assertThat(operator.post("/api/v1/releases/" + second + "/pilot", Map.of("testers", List.of("ann", "bob")))
        .status()).isEqualTo(202);
    assertThat(awaitStatus(second, "PILOT").get("testers")).hasSize(2);
    assertThat(operator.post("/api/v1/releases/" + second + "/pilot", Map.of("testers", List.of("ann", "bob", "cy")))
        .status()).isEqualTo(202);
    await().atMost(Duration.ofSeconds(20)).until(() -> release(second).get("testers").size() == 3
        && release(second).get("pendingStage").isNull());

    assertThat(operator.post("/api/v1/releases/" + second + "/grayscale", Map.of("percent", 5)).status())
        .isEqualTo(202);
    assertThat(awaitStatus(second, "GRAYSCALE").get("grayscalePercent").asInt()).isEqualTo(5);
    Reply down = operator.post("/api/v1/releases/" + second + "/grayscale", Map.of("percent", 3));
    assertThat(down.status()).isEqualTo(409);
    assertThat(down.text("detail")).contains("only goes up").contains("5%");
    assertThat(operator.post("/api/v1/releases/" + second + "/grayscale", Map.of("percent", 5)).status())
        .isEqualTo(409);
    assertThat(operator.post("/api/v1/releases/" + second + "/grayscale", Map.of("percent", 100)).status())
        .isEqualTo(400);
    assertThat(operator.post("/api/v1/releases/" + second + "/pilot", Map.of("testers", List.of("ann"))).status())
        .isEqualTo(409);
    Reply rollbackDuringGrayscale = operator.post("/api/v1/releases/" + first + "/rollback");
    assertThat(rollbackDuringGrayscale.status()).isEqualTo(409);
    assertThat(rollbackDuringGrayscale.text("detail")).contains("not allowed during grayscale");

    assertThat(operator.post("/api/v1/releases/" + second + "/grayscale", Map.of("percent", 20)).status())
        .isEqualTo(202);
    await().atMost(Duration.ofSeconds(20)).until(() -> release(second).get("grayscalePercent").asInt() == 20);
    assertThat(operator.post("/api/v1/releases/" + second + "/full").status()).isEqualTo(202);
    awaitStatus(second, "RELEASED");
    assertThat(release(first).get("status").asText()).isEqualTo("ARCHIVED");
    assertThat(targetApps.publicationCount("release-" + second + "-native-GRAYSCALE-5")).isEqualTo(1);
    assertThat(targetApps.publicationCount("release-" + second + "-native-GRAYSCALE-20")).isEqualTo(1);
    assertThat(targetApps.publicationCount("release-" + second + "-native-FULL")).isEqualTo(1);
    assertThat(operator.post("/api/v1/releases/" + second + "/full").status()).isEqualTo(409);
    assertThat(operator.post("/api/v1/releases/" + second + "/cancel", Map.of("reason", "late")).status())
        .isEqualTo(409);

    // Rollback: a reviewed release of the previous version that goes live at once.
    assertThat(developer.post("/api/v1/releases/" + second + "/rollback").status()).isEqualTo(403);
    assertThat(operator.post("/api/v1/releases/" + first + "/rollback").status()).isEqualTo(409);
    Reply rollback = operator.post("/api/v1/releases/" + second + "/rollback");
    assertThat(rollback.status()).isEqualTo(201);
    long rollbackId = rollback.releaseId();
    assertThat(release(rollbackId).get("versionId").asLong()).isEqualTo(release(first).get("versionId").asLong());
    assertThat(release(rollbackId).get("rollbackOf").asLong()).isEqualTo(second);
    long task = awaitReviewTask(rollbackId);
    assertThat(
        reviewer.post("/api/v1/tasks/" + task + "/complete", Map.of("decision", "approve", "comment", "roll back"))
            .status())
        .isEqualTo(200);
    awaitStatus(rollbackId, "RELEASED");
    assertThat(release(second).get("status").asText()).isEqualTo("ARCHIVED");
  }

  /** Seven full releases in a row: the live one rolls back to any of the five before it, here three back. */
  @Test
  void aLiveReleaseRollsBackToAnyOfTheLastFiveFullReleases() {
    List<Long> full = new java.util.ArrayList<>();
    for (int minor = 0; minor < 7; minor++) {
      long id = request(version("3." + minor + ".0"), "native", "DEVELOPMENT");
      awaitStatus(id, "RELEASED");
      full.add(id);
    }
    long live = full.getLast();
    JsonNode targets = operator.get("/api/v1/releases/" + live + "/rollback-targets").body();
    assertThat(targets).hasSize(5);
    assertThat(targets.get(0).get("id").asLong()).isEqualTo(full.get(5));
    assertThat(targets.toString()).doesNotContain("\"id\":" + full.getFirst() + ",");
    Reply tooFar = operator.post("/api/v1/releases/" + live + "/rollback", Map.of("toReleaseId", full.getFirst()));
    assertThat(tooFar.status()).isEqualTo(400);
    assertThat(tooFar.text("detail")).contains("is not one of the last 5 full releases");
    assertThat(operator.post("/api/v1/releases/" + live + "/rollback", Map.of("toReleaseId", live)).status())
        .isEqualTo(400);

    long threeBack = full.get(3);
    Reply rollback = operator.post("/api/v1/releases/" + live + "/rollback", Map.of("toReleaseId", threeBack));
    assertThat(rollback.status()).as(String.valueOf(rollback.body())).isEqualTo(201);
    long rollbackId = rollback.releaseId();
    assertThat(release(rollbackId).get("versionId").asLong())
        .isEqualTo(release(threeBack).get("versionId").asLong());
    assertThat(reviewer.post("/api/v1/tasks/" + awaitReviewTask(rollbackId) + "/complete", Map.of("decision",
        "approve", "comment", "back to 3.3.0")).status()).isEqualTo(200);
    awaitStatus(rollbackId, "RELEASED");
    assertThat(release(live).get("status").asText()).isEqualTo("ARCHIVED");
  }

  @Test
  void nothingRollsOutBeforeApprovalAndCancelingDuringReviewClosesTheTask() {
    long id = request(version("1.0.0"), "native", "PRODUCTION");
    long taskId = awaitReviewTask(id);
    for (Reply refused : List.of(
        operator.post("/api/v1/releases/" + id + "/pilot", Map.of("testers", List.of("ann"))),
        operator.post("/api/v1/releases/" + id + "/grayscale", Map.of("percent", 10)),
        operator.post("/api/v1/releases/" + id + "/full"),
        operator.post("/api/v1/releases/" + id + "/rollback"))) {
      assertThat(refused.status()).as(String.valueOf(refused.body())).isEqualTo(409);
      assertThat(refused.text("detail")).contains("UNDER_REVIEW");
    }
    assertThat(reviewer.post("/api/v1/releases/" + id + "/cancel", Map.of("reason", "x")).status()).isEqualTo(403);
    assertThat(operator.post("/api/v1/releases/" + id + "/cancel", Map.of("reason", "Duplicate request")).status())
        .isEqualTo(200);
    await().atMost(Duration.ofSeconds(20))
        .until(() -> "CANCELED".equals(reviewer.get("/api/v1/tasks/" + taskId).body().at("/task/state").asText()));
    assertThat(reviewTask(id)).isNull();
    assertThat(developer.post("/api/v1/releases/" + id + "/withdraw", Map.of()).status()).isEqualTo(409);
    assertThat(status(id)).isEqualTo("CANCELED");
  }

  @Test
  void theApiIsDocumentedByOpenApi() {
    JsonNode docs = developer.get("/v3/api-docs").body();
    assertThat(docs.at("/paths").toString()).contains("/api/v1/releases/{id}/grayscale",
        "/api/v1/releases/{id}/rollback",
        "/api/v1/tasks/{id}/complete", "/api/v1/mini-programs/{id}/versions");
  }

  @Test
  void operatorsCancelAReleaseInFlightWithAReason() {
    long id = approvedProductionRelease(version("1.0.0"));
    assertThat(developer.post("/api/v1/releases/" + id + "/cancel", Map.of("reason", "no")).status()).isEqualTo(403);
    Reply noReason = operator.post("/api/v1/releases/" + id + "/cancel", Map.of("reason", " "));
    assertThat(noReason.status()).isEqualTo(400);
    Reply canceled = operator.post("/api/v1/releases/" + id + "/cancel", Map.of("reason", "Marketing asked to wait"));
    assertThat(canceled.status()).isEqualTo(200);
    assertThat(canceled.text("status")).isEqualTo("CANCELED");
    assertThat(operator.post("/api/v1/releases/" + id + "/full").status()).isEqualTo(409);
    await().atMost(Duration.ofSeconds(20))
        .until(() -> inbox(developer).stream().anyMatch(s -> s.startsWith("Canceled:")));
    assertThat(targetApps.publicationCount("release-" + id + "-native-FULL")).isZero();
  }

  @Test
  void oneRequestReleasesToSeveralTargetAppsEachWithItsOwnRulesReviewAndStatus() throws Exception {
    long v = version("1.0.0");
    Reply requested = developer.post("/api/v1/releases", Map.of("versionId", v, "environment", "PRODUCTION",
        "targetAppIds", List.of(apps.get("native"), apps.get("partner-wallet"), apps.get("china-style"))));
    assertThat(requested.status()).isEqualTo(201);
    List<Long> ids = new ArrayList<>();
    requested.body().get("releases").forEach(r -> ids.add(r.get("id").asLong()));
    assertThat(ids).hasSize(3);

    // The stricter app refuses the listing before anyone reviews it, naming each broken rule.
    JsonNode strict = awaitStatus(ids.get(2), "REJECTED");
    assertThat(strict.get("decisionComment").asText()).contains("logo is required")
        .contains("default language is required");
    assertThat(reviewTask(ids.get(2))).isNull();
    long nativeTask = awaitReviewTask(ids.get(0));
    long partnerTask = awaitReviewTask(ids.get(1));
    assertThat(nativeTask).isNotEqualTo(partnerTask);
    reviewer.post("/api/v1/tasks/" + nativeTask + "/complete", Map.of("decision", "approve", "comment", "ok"));
    reviewer.post("/api/v1/tasks/" + partnerTask + "/complete",
        Map.of("decision", "reject", "comment", "Not for wallets"));
    awaitStatus(ids.get(0), "APPROVED");
    assertThat(awaitStatus(ids.get(1), "REJECTED").get("decisionComment").asText()).isEqualTo("Not for wallets");

    // With a proper profile and a square logo the strict app accepts the next request.
    assertThat(developer.patch("/api/v1/mini-programs/" + miniProgramId, Map.of(
        "description", "Order coffee ahead and skip the queue.", "defaultLanguage", "zh-CN")).status()).isEqualTo(200);
    assertThat(developer.uploadLogo(miniProgramId, png(120, 80)).status()).isEqualTo(200);
    long notSquare = request(v, "china-style", "PRODUCTION");
    assertThat(awaitStatus(notSquare, "REJECTED").get("decisionComment").asText()).contains("must be square");
    assertThat(developer.uploadLogo(miniProgramId, png(96, 96)).status()).isEqualTo(200);
    long accepted = request(v, "china-style", "PRODUCTION");
    awaitStatus(accepted, "UNDER_REVIEW");
    assertThat(developer.uploadLogo(miniProgramId, "not an image".getBytes()).status()).isEqualTo(400);
  }

  @Test
  void aRolloutAskedForIsAppliedEvenWhenTheRequestCommitsAfterTheProcessHeardOfIt() throws Exception {
    long id = approvedProductionRelease(version("1.0.0"));
    // the request tells the process inside its transaction; this one commits only a while later
    SecurityContextHolder.getContext().setAuthentication(UsernamePasswordAuthenticationToken.authenticated(
        "operator", null, List.of()));
    try {
      tx.executeWithoutResult(s -> {
        releaseActions.releaseFully(id);
        sleep(1500);
      });
    } finally {
      SecurityContextHolder.clearContext();
    }
    awaitStatus(id, "RELEASED");
  }

  // --- helpers

  private static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  private long version(String number) {
    Reply uploaded = developer.upload(miniProgramId, number, TestPackages.valid());
    assertThat(uploaded.status()).isEqualTo(201);
    return uploaded.id();
  }

  private long request(long versionId, String app, String environment) {
    Reply reply = developer.post("/api/v1/releases", Map.of("versionId", versionId, "targetAppId", apps.get(app),
        "environment", environment));
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
    long id = reply.releaseId();
    await().atMost(Duration.ofSeconds(20)).until(() -> !"CREATED".equals(status(id)));
    return id;
  }

  private long approvedProductionRelease(long versionId) {
    long id = request(versionId, "native", "PRODUCTION");
    long task = awaitReviewTask(id);
    assertThat(reviewer.post("/api/v1/tasks/" + task + "/complete", Map.of("decision", "approve", "comment", "ok"))
        .status()).isEqualTo(200);
    awaitStatus(id, "APPROVED");
    await().atMost(Duration.ofSeconds(20)).until(() -> release(id).get("bundleSha256").isTextual());
    return id;
  }

  private JsonNode release(long id) {
    return Releases.release(developer, id);
  }

  private String status(long id) {
    return Releases.status(developer, id);
  }

  private JsonNode awaitStatus(long id, String... statuses) {
    return Releases.awaitStatus(developer, id, statuses);
  }

  private Long reviewTask(long releaseId) {
    return Releases.reviewTask(reviewer, releaseId);
  }

  private long awaitReviewTask(long releaseId) {
    return Releases.awaitReviewTask(reviewer, releaseId);
  }

  private static List<String> inbox(ApiClient client) {
    return Releases.inboxSubjects(client);
  }

  private static byte[] png(int width, int height) throws Exception {
    var out = new ByteArrayOutputStream();
    ImageIO.write(new BufferedImage(width, height, BufferedImage.TYPE_INT_RGB), "png", out);
    return out.toByteArray();
  }
}
