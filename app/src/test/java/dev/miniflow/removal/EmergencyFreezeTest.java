package dev.miniflow.removal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ApiClient.Reply;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.PartnerStub;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An inspector freezes a mini program live in three partner apps: one removal each, each taken
 * offline at its partner exactly once; an admin then restores one app through a reviewed release
 * while the others stay frozen.
 */
@EmbeddedMiniflowTest
class EmergencyFreezeTest {
  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;

  @Test
  void aFreezeTakesTheMiniProgramOfflineInThreeTargetAppsOnceEachAndEachIsRestoredOnItsOwn() {
    String base = "http://localhost:" + port;
    long ws = TestWorkspaces.create(workspaces, tx, "Freeze", Map.of("admin", Set.of(Role.ADMIN),
        "developer", Set.of(Role.DEVELOPER), "inspector", Set.of(Role.INSPECTOR), "reviewer", Set.of(Role.REVIEWER)));
    ApiClient admin = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
    ApiClient developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    ApiClient inspector = new ApiClient(base, "inspector", EmbeddedMiniflowTest.PASSWORD);
    ApiClient reviewer = new ApiClient(base, "reviewer", EmbeddedMiniflowTest.PASSWORD);
    try (PartnerStub partner = new PartnerStub()) {
      partner.comeBack();
      List<Long> apps = new ArrayList<>();
      List<String> codes = List.of("frz-a", "frz-b", "frz-c");
      for (String code : codes) {
        Reply created = admin.post("/api/v1/workspaces/" + ws + "/target-apps", Map.of("code", code, "name",
            "Partner " + code, "connector", "http", "endpointUrl", partner.url(), "secret", "freeze-secret-" + code));
        assertThat(created.status()).as(String.valueOf(created.body())).isEqualTo(201);
        apps.add(created.id());
      }
      long mp = developer.createMiniProgram(ws, "Frozen " + UUID.randomUUID().toString().substring(0, 6)).id();
      long version = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
      Reply requested = developer.post("/api/v1/releases", Map.of("versionId", version, "environment",
          "DEVELOPMENT", "targetAppIds", apps));
      assertThat(requested.status()).as(String.valueOf(requested.body())).isEqualTo(201);
      List<Long> releases = new ArrayList<>();
      requested.body().get("releases").forEach(r -> releases.add(r.get("id").asLong()));
      assertThat(releases).hasSize(3);
      releases.forEach(r -> Releases.awaitStatus(developer, r, "RELEASED"));

      // a release still on its way to production: the freeze stops it, so nothing goes live again by itself
      long onItsWay = developer.post("/api/v1/releases", Map.of("versionId", version, "environment", "PRODUCTION",
          "targetAppId", apps.get(1))).releaseId();
      Releases.awaitReviewTask(reviewer, onItsWay);

      String freeze = "/api/v1/mini-programs/" + mp + "/freeze";
      assertThat(developer.post(freeze, Map.of("reason", "Fraud reported by partners")).status()).isEqualTo(403);
      assertThat(inspector.post(freeze, Map.of("reason", "bad")).status()).isEqualTo(400);
      Reply frozen = inspector.post(freeze, Map.of("reason", "Fraud reported by three partners"));
      assertThat(frozen.status()).as(String.valueOf(frozen.body())).isEqualTo(201);
      JsonNode removals = frozen.body().get("removals");
      assertThat(removals).hasSize(3);
      String freezeUrl = "/api/v1/freezes/" + frozen.id();

      // each removal runs on its own and takes its target app offline once, at its partner
      await().atMost(Duration.ofSeconds(30)).until(() -> {
        JsonNode now = developer.get(freezeUrl).body().get("removals");
        List<String> statuses = new ArrayList<>();
        now.forEach(r -> statuses.add(r.get("status").asText()));
        return statuses.equals(List.of("REMOVED", "REMOVED", "REMOVED"));
      });
      for (int i = 0; i < 3; i++) {
        assertThat(partner.accepted("release-" + releases.get(i) + "-" + codes.get(i) + "-OFFLINE")).isEqualTo(1);
        assertThat(Releases.status(developer, releases.get(i))).isNotEqualTo("RELEASED");
      }
      assertThat(Releases.awaitStatus(developer, onItsWay, "CANCELED").get("stoppedReason").asText())
          .startsWith("Emergency freeze");
      await().atMost(Duration.ofSeconds(20)).until(() -> Releases.reviewTask(reviewer, onItsWay) == null);
      assertThat(jdbc.sql("select count(*) from audit_event where action = 'removal.frozen' and workspace_id = :ws")
          .param("ws", ws).query(Integer.class).single()).isEqualTo(3);
      assertThat(inspector.post(freeze, Map.of("reason", "Fraud reported again")).status()).isEqualTo(409);

      // restored one target app at a time: only an admin, and only through a review
      Map<String, Object> again = Map.of("versionId", version, "environment", "DEVELOPMENT", "targetAppId",
          apps.getFirst());
      assertThat(developer.post("/api/v1/releases", again).status()).isEqualTo(409);
      long restore = admin.post("/api/v1/releases", again).releaseId();
      long task = Releases.awaitReviewTask(reviewer, restore);
      assertThat(reviewer.post("/api/v1/tasks/" + task + "/complete", Map.of("decision", "approve", "comment",
          "fixed")).status()).isEqualTo(200);
      Releases.awaitStatus(developer, restore, "RELEASED");
      assertThat(developer.post("/api/v1/releases", Map.of("versionId", version, "environment", "DEVELOPMENT",
          "targetAppId", apps.get(1))).text("detail")).contains("only a workspace admin can restore it");
    }
  }
}
