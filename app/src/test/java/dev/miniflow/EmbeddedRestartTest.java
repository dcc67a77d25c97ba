package dev.miniflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/** The embedded default keeps its data: what was uploaded before a restart is there after it. */
class EmbeddedRestartTest {
  static final Path DATA = Path.of("target", "test-data", "restart");

  @Test
  void dataSurvivesARestartAndDemoUsersAreCreatedOnlyOnce() throws Exception {
    FileSystemUtils.deleteRecursively(DATA);
    long miniProgramId;
    try (ConfigurableApplicationContext first = start()) {
      ApiClient developer = client(first);
      long ws = developer.workspaceId();
      miniProgramId = developer.createMiniProgram(ws, "Survivor").id();
      assertThat(developer.upload(miniProgramId, "1.0.0", TestPackages.valid()).status()).isEqualTo(201);
    }
    assertThat(Files.isDirectory(DATA.resolve("postgres"))).isTrue();

    try (ConfigurableApplicationContext second = start()) {
      ApiClient developer = client(second);
      assertThat(developer.get("/api/v1/mini-programs/" + miniProgramId).text("name")).isEqualTo("Survivor");
      assertThat(developer.get("/api/v1/mini-programs/" + miniProgramId + "/versions").body()).hasSize(1);
      assertThat(developer.get("/api/v1/workspaces").body()).hasSize(1);
      // the same package number again is still refused after the restart
      assertThat(developer.upload(miniProgramId, "1.0.0", TestPackages.valid()).status()).isEqualTo(422);
    }
  }

  @Test
  void processesInFlightGoOnAfterARestartWithoutLosingADecision() throws Exception {
    FileSystemUtils.deleteRecursively(DATA);
    long underReview;
    long approved;
    long oldTask;
    long asked;
    long granted;
    long finding;
    try (ConfigurableApplicationContext first = start()) {
      ApiClient developer = client(first, "developer");
      ApiClient reviewer = client(first, "reviewer");
      long ws = developer.workspaceId();
      long app = developer.defaultTargetAppId(ws);
      underReview = productionRelease(developer, ws, app, "Waiting");
      approved = productionRelease(developer, ws, app, "Decided");
      oldTask = Releases.awaitReviewTask(reviewer, underReview);
      reviewer.post("/api/v1/tasks/" + Releases.awaitReviewTask(reviewer, approved) + "/complete",
          Map.of("decision", "approve", "comment", "Fine"));
      Releases.awaitStatus(developer, approved, "APPROVED");

      // access: one request waiting for the mini program's admin, one grant running
      ApiClient admin = client(first, "admin");
      long waitingMp = developer.get("/api/v1/releases/" + underReview).body().get("miniProgramId").asLong();
      long decidedMp = developer.get("/api/v1/releases/" + approved).body().get("miniProgramId").asLong();
      asked = accessRequest(admin, waitingMp);
      granted = accessRequest(admin, decidedMp);
      developer.post("/api/v1/tasks/" + awaitTask(developer, "authorization", granted) + "/complete",
          Map.of("decision", "approve", "comment", "ok"));
      await().atMost(Duration.ofSeconds(20)).until(() ->
          admin.get("/api/v1/access-grants/" + granted).text("status").equals("ACTIVE")
              && admin.get("/api/v1/access-grants/" + granted).text("expiresAt") != null);
      awaitTask(developer, "authorization", asked);

      // a finding on a live mini program, waiting for the owners to rectify it
      long liveMp = developer.createMiniProgram(ws, "Warned").id();
      long liveVersion = developer.upload(liveMp, "1.0.0", TestPackages.valid()).id();
      long live = developer.post("/api/v1/releases", Map.of("versionId", liveVersion, "targetAppId", app,
          "environment", "DEVELOPMENT")).releaseId();
      Releases.awaitStatus(developer, live, "RELEASED");
      finding = client(first, "inspector").post("/api/v1/force-removals", Map.of("miniProgramId", liveMp,
          "rule", "4.2 no misleading names", "evidence", "Name says official", "severity", "MINOR")).id();
      await().atMost(Duration.ofSeconds(20)).until(() ->
          Releases.inboxSubjects(developer).stream().anyMatch(n -> n.contains("Warned")));
    }

    // the embedded engine starts empty: both processes are recreated from the database
    try (ConfigurableApplicationContext second = start()) {
      ApiClient developer = client(second, "developer");
      ApiClient reviewer = client(second, "reviewer");
      ApiClient operator = client(second, "operator");
      assertThat(reviewer.get("/api/v1/tasks/" + oldTask).body().at("/task/state").asText()).isEqualTo("CANCELED");
      long newTask = Releases.awaitReviewTask(reviewer, underReview);
      assertThat(newTask).isNotEqualTo(oldTask);
      // the decided release is not reviewed again
      assertThat(Releases.reviewTask(reviewer, approved)).isNull();
      assertThat(reviewer.post("/api/v1/tasks/" + newTask + "/complete",
          Map.of("decision", "approve", "comment", "Still fine")).status()).isEqualTo(200);
      Releases.awaitStatus(developer, underReview, "APPROVED");
      assertThat(operator.post("/api/v1/releases/" + approved + "/full").status()).isEqualTo(202);
      Releases.awaitStatus(developer, approved, "RELEASED");
      assertThat(developer.get("/api/v1/releases/" + approved + "/audit").body().findValuesAsText("action"))
          .containsOnlyOnce("release.approved").contains("release.recovered");

      // the waiting access request is asked again; the running grant can still be revoked
      ApiClient admin = client(second, "admin");
      developer.post("/api/v1/tasks/" + awaitTask(developer, "authorization", asked) + "/complete",
          Map.of("decision", "approve", "comment", "after the restart"));
      await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/access-grants/" + asked).text("status").equals("ACTIVE"));
      assertThat(developer.post("/api/v1/access-grants/" + granted + "/revoke", Map.of("reason", "done")).status()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(20)).until(() -> Releases.inboxSubjects(admin).contains("Access revoked"));

      // the finding still waits for its rectification, which goes to an inspector
      ApiClient inspector = client(second, "inspector");
      assertThat(developer.post("/api/v1/removals/" + finding + "/rectification", Map.of("note", "Renamed it")).status())
          .isEqualTo(200);
      inspector.post("/api/v1/tasks/" + awaitTask(inspector, "force-removal", finding) + "/complete",
          Map.of("decision", "accept", "comment", "Fixed"));
      await().atMost(Duration.ofSeconds(20)).until(() -> developer.get("/api/v1/removals/" + finding).text("status").equals("RESOLVED"));
    }
  }

  private static long accessRequest(ApiClient requester, long miniProgramId) {
    return requester.post("/api/v1/mini-programs/" + miniProgramId + "/access-requests", Map.of("scopes", List.of("ANALYTICS"),
        "days", 30, "justification", "Quarterly numbers")).id();
  }

  private static long awaitTask(ApiClient candidate, String process, long businessKey) {
    return await().atMost(Duration.ofSeconds(30)).until(() -> {
      for (JsonNode t : candidate.get("/api/v1/tasks?desc=true&process=" + process).body()) {
        if (t.path("businessKey").asText().equals(String.valueOf(businessKey))) {
          return t.get("id").asLong();
        }
      }
      return null;
    }, id -> id != null);
  }

  private static long productionRelease(ApiClient developer, long ws, long app, String name) {
    long mp = developer.createMiniProgram(ws, name).id();
    long version = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
    return developer.post("/api/v1/releases", Map.of("versionId", version, "targetAppId", app,
        "environment", "PRODUCTION")).releaseId();
  }

  private static ConfigurableApplicationContext start() {
    return new SpringApplicationBuilder(MiniflowApplication.class).run(
        "--server.port=0", "--miniflow.data-dir=" + DATA, "--miniflow.demo.password=restart-pass-1");
  }

  private static ApiClient client(ConfigurableApplicationContext context) {
    return client(context, "developer");
  }

  private static ApiClient client(ConfigurableApplicationContext context, String user) {
    String port = context.getEnvironment().getProperty("local.server.port");
    return new ApiClient("http://localhost:" + port, user, "restart-pass-1");
  }
}
