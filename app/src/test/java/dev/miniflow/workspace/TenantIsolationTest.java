package dev.miniflow.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/** A member of another workspace sees nothing of this one: every id answers "not found". */
@EmbeddedMiniflowTest
class TenantIsolationTest {
  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;

  @Test
  void anotherWorkspacesMembersGetNotFoundForEverything() {
    String base = "http://localhost:" + port;
    ApiClient developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    ApiClient reviewer = new ApiClient(base, "reviewer", EmbeddedMiniflowTest.PASSWORD);
    long demo = developer.workspaceId();
    long miniProgramId = developer.createMiniProgram(demo, "Private " + UUID.randomUUID()).id();
    long versionId = developer.upload(miniProgramId, "1.0.0", TestPackages.valid()).id();
    long releaseId = developer.post("/api/v1/releases", Map.of("versionId", versionId,
        "targetAppId", developer.defaultTargetAppId(demo), "environment", "PRODUCTION")).releaseId();
    long[] taskId = {Releases.awaitReviewTask(reviewer, releaseId)};

    String outsider = "outsider-" + UUID.randomUUID().toString().substring(0, 8);
    tx.executeWithoutResult(s -> {
      long other = workspaces.createWorkspace("Other " + outsider, "test");
      workspaces.createAccount(outsider, "Outsider", null, "outsider-pass-1", "test");
      workspaces.addMember(other, outsider, Set.of(Role.ADMIN, Role.DEVELOPER, Role.REVIEWER), "test");
    });
    ApiClient stranger = new ApiClient(base, outsider, "outsider-pass-1");

    assertThat(stranger.get("/api/v1/workspaces/" + demo + "/mini-programs").status()).isEqualTo(404);
    assertThat(stranger.get("/api/v1/workspaces/" + demo + "/target-apps").status()).isEqualTo(404);
    assertThat(stranger.get("/api/v1/workspaces/" + demo + "/releases").status()).isEqualTo(404);
    assertThat(stranger.get("/api/v1/mini-programs/" + miniProgramId).status()).isEqualTo(404);
    assertThat(stranger.get("/api/v1/mini-programs/" + miniProgramId + "/versions").status()).isEqualTo(404);
    assertThat(stranger.get("/api/v1/versions/" + versionId).status()).isEqualTo(404);
    assertThat(stranger.get("/api/v1/releases/" + releaseId).status()).isEqualTo(404);
    assertThat(stranger.get("/api/v1/releases/" + releaseId + "/audit").status()).isEqualTo(404);
    assertThat(stranger.get("/api/v1/tasks/" + taskId[0]).status()).isEqualTo(404);
    assertThat(stranger.post("/api/v1/tasks/" + taskId[0] + "/claim").status()).isEqualTo(404);
    assertThat(stranger.upload(miniProgramId, "2.0.0", TestPackages.valid()).status()).isEqualTo(404);
    assertThat(stranger.post("/api/v1/releases", Map.of("versionId", versionId, "targetAppId", 1,
        "environment", "PRODUCTION")).status()).isEqualTo(404);
    assertThat(stranger.get("/api/v1/tasks").body()).isEmpty();
    // and the answer does not tell whether the id exists at all
    assertThat(stranger.get("/api/v1/releases/999999").status()).isEqualTo(404);
  }
}
