package dev.miniflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import java.nio.file.Files;
import java.nio.file.Path;
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
  void releasesInFlightGoOnAfterARestartWithoutLosingADecision() throws Exception {
    FileSystemUtils.deleteRecursively(DATA);
    long underReview;
    long approved;
    long oldTask;
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
    }
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
