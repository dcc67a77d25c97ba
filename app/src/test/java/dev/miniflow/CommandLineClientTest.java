package dev.miniflow;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniflow.cli.MiniflowCli;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The CI path: a job with a developer's token uploads with the command-line client, asks for the
 * release, waits for the review, and its exit code says how it went.
 */
@EmbeddedMiniflowTest
class CommandLineClientTest {
  private static final String PASSWORD = "cli-pass-1234";

  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @TempDir Path dir;

  String base;
  ApiClient developer;
  ApiClient reviewer;
  long miniProgram;
  long targetApp;
  String token;

  @BeforeEach
  void workspace() throws Exception {
    base = "http://localhost:" + port;
    var names = TestWorkspaces.newAccounts(workspaces, tx, PASSWORD, "cli-dev", "cli-rev");
    String dev = names.get(0);
    String rev = names.get(1);
    long ws = TestWorkspaces.create(workspaces, tx, "CLI", Map.of(dev, Set.of(Role.DEVELOPER), rev,
        Set.of(Role.REVIEWER)));
    developer = new ApiClient(base, dev, PASSWORD);
    reviewer = new ApiClient(base, rev, PASSWORD);
    miniProgram = developer.createMiniProgram(ws, "CLI " + UUID.randomUUID()).id();
    targetApp = developer.defaultTargetAppId(ws);
    token = developer.post("/api/v1/me/tokens", Map.of("name", "ci", "scopes", List.of("upload", "release",
        "read"))).text("secret");
    Files.write(dir.resolve("app.zip"), TestPackages.valid());
  }

  record Run(int exit, String out, String err) {}

  Run cli(String secret, String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    List<String> all = new ArrayList<>(List.of("--url", base, "--token", secret));
    all.addAll(List.of(args));
    int exit = MiniflowCli.run(new PrintWriter(out, true), new PrintWriter(err, true), all.toArray(String[]::new));
    return new Run(exit, out.toString().strip(), err.toString().strip());
  }

  @Test
  void uploadReleaseAndWaitSucceedsOnceTheReviewApproves() throws Exception {
    Run upload = cli(token, "upload", "--mini-program", String.valueOf(miniProgram), "--version", "1.0.0",
        "--package", dir.resolve("app.zip").toString());
    assertThat(upload.exit()).as(upload.err()).isZero();
    String versionId = upload.out();
    assertThat(developer.get("/api/v1/versions/" + versionId).text("version")).isEqualTo("1.0.0");

    // the job waits for the review while a reviewer decides it
    // on a thread of its own: the common pool may be the app's (one thread on two cores)
    var pool = Executors.newSingleThreadExecutor();
    var job = CompletableFuture.supplyAsync(() -> cli(token, "release", "--version-id", versionId, "--target-app",
        String.valueOf(targetApp), "--wait", "--timeout", "60s", "--poll", "PT0.2S"), pool);
    long release = awaitRelease(Long.parseLong(versionId));
    decide(release, "approve", "Ship it");
    Run released = job.get(90, TimeUnit.SECONDS);
    pool.shutdown();
    assertThat(released.exit()).as(released.err()).isZero();
    assertThat(released.out()).isEqualTo(String.valueOf(release));
    assertThat(released.err()).contains("Release " + release + ": APPROVED");
  }

  @Test
  void aRejectionFailsTheJobWithTheReviewersWordsAndWaitingTooLongTimesOut() throws Exception {
    String versionId = cli(token, "upload", "--mini-program", String.valueOf(miniProgram), "--version", "2.0.0",
        "--package", dir.resolve("app.zip").toString()).out();
    Run asked = cli(token, "release", "--version-id", versionId, "--target-app", String.valueOf(targetApp));
    assertThat(asked.exit()).as(asked.err()).isZero();
    long release = Long.parseLong(asked.out());

    Run timedOut = cli(token, "wait", "--release", String.valueOf(release), "--timeout", "1s", "--poll", "PT0.2S");
    assertThat(timedOut.exit()).isEqualTo(4);
    assertThat(timedOut.err()).contains("Timed out");

    decide(release, "reject", "The privacy text is missing");
    Run rejected = cli(token, "wait", "--release", String.valueOf(release), "--timeout", "30s", "--poll", "PT0.2S");
    assertThat(rejected.exit()).isEqualTo(3);
    assertThat(rejected.err()).contains("REJECTED", "The privacy text is missing");
  }

  @Test
  void badInputAndMissingScopesPrintTheProblemAndExitNonZero() throws Exception {
    Path notAZip = Files.writeString(dir.resolve("broken.zip"), "not a zip");
    Run invalid = cli(token, "upload", "--mini-program", String.valueOf(miniProgram), "--version", "1.0.0",
        "--package", notAZip.toString());
    assertThat(invalid.exit()).isEqualTo(1);
    assertThat(invalid.err()).startsWith("error: 4");

    Run missing = cli(token, "upload", "--mini-program", String.valueOf(miniProgram), "--version", "1.0.0",
        "--package", dir.resolve("nowhere.zip").toString());
    assertThat(missing.exit()).isEqualTo(1);
    assertThat(missing.err()).contains("no package file");

    String uploadOnly = developer.post("/api/v1/me/tokens", Map.of("name", "upload-only", "scopes",
        List.of("upload"))).text("secret");
    Run noScope = cli(uploadOnly, "release", "--version-id", "1", "--target-app", String.valueOf(targetApp));
    assertThat(noScope.exit()).isEqualTo(1);
    assertThat(noScope.err()).contains("403", "scope 'release'");

    Run wrongToken = cli("mfp_" + "x".repeat(43), "wait", "--release", "1");
    assertThat(wrongToken.exit()).isEqualTo(1);
    assertThat(wrongToken.err()).contains("401", "unknown");

    Run usage = cli(token, "release", "--target-app", "1");
    assertThat(usage.exit()).isEqualTo(2);
    assertThat(usage.err()).contains("--version-id");
  }

  private long awaitRelease(long versionId) {
    return org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> {
      for (var release : developer.get("/api/v1/mini-programs/" + miniProgram + "/releases").body()) {
        if (release.path("versionId").asLong() == versionId) {
          return release.path("id").asLong();
        }
      }
      return null;
    }, java.util.Objects::nonNull);
  }

  private void decide(long release, String decision, String comment) {
    Releases.awaitStatus(developer, release, "UNDER_REVIEW");
    long task = Releases.awaitReviewTask(reviewer, release);
    assertThat(reviewer.post("/api/v1/tasks/" + task + "/claim").status()).isEqualTo(200);
    assertThat(reviewer.post("/api/v1/tasks/" + task + "/complete", Map.of("decision", decision, "comment",
        comment)).status()).isEqualTo(200);
  }
}
