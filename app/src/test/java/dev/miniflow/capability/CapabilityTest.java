package dev.miniflow.capability;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ApiClient.Reply;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.time.Duration;
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
 * Capabilities a package declares: refused by name until granted (free ones at once, reviewed ones
 * through bpmn/feature-permission.bpmn by an admin who did not ask), refused again once revoked.
 */
@EmbeddedMiniflowTest
class CapabilityTest {
  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;

  @Test
  void aReleaseDeclaringAnUngrantedCapabilityIsRefusedNamingItAndPassesOnceGranted() {
    String base = "http://localhost:" + port;
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String asker = "cap-dev-" + suffix;
    tx.executeWithoutResult(s -> workspaces.createAccount(asker, asker, null, "cap-pass-123", "test"));
    long ws = TestWorkspaces.create(workspaces, tx, "Capabilities", Map.of("admin", Set.of(Role.ADMIN),
        asker, Set.of(Role.DEVELOPER, Role.ADMIN)));
    ApiClient admin = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
    ApiClient developer = new ApiClient(base, asker, "cap-pass-123");
    long app = admin.defaultTargetAppId(ws);
    String catalogue = "/api/v1/target-apps/" + app + "/capabilities";

    assertThat(admin.put(catalogue + "/Not A Code", Map.of("name", "x", "reviewed", true)).status()).isEqualTo(400);
    assertThat(admin.put(catalogue + "/payment", Map.of("name", "Payment", "reviewed", true)).status()).isEqualTo(200);
    assertThat(admin.put(catalogue + "/camera", Map.of("name", "Camera", "reviewed", false)).status()).isEqualTo(200);
    assertThat(developer.get(catalogue).body().findValuesAsText("code")).containsExactly("camera", "payment");

    long mp = developer.createMiniProgram(ws, "Caps " + suffix).id();
    long version = developer.upload(mp, "1.0.0", TestPackages.zip("app.json",
        "{\"pages\": [\"pages/index/index\"], \"capabilities\": [\"payment\", \"camera\", \"vibrate\"]}",
        "pages/index/index.js", "Page({});")).id();
    JsonNode refused = Releases.awaitStatus(developer, release(developer, version, app), "REJECTED");
    assertThat(refused.get("decisionComment").asText())
        .contains("The capability 'payment' (Payment) is not granted", "The capability 'camera' (Camera)")
        .doesNotContain("vibrate");

    String ask = "/api/v1/mini-programs/" + mp + "/capability-requests";
    assertThat(developer.post(ask, Map.of("targetAppId", app, "capabilities", List.of("teleport"),
        "justification", "x", "useDescription", "y")).status()).isEqualTo(400);
    Reply asked = developer.post(ask, Map.of("targetAppId", app, "capabilities", List.of("camera", "payment"),
        "justification", "Customers pay at the counter", "useDescription", "Scan the table's code, then pay"));
    assertThat(asked.status()).as(String.valueOf(asked.body())).isEqualTo(201);
    assertThat(asked.body().findValuesAsText("status")).containsExactly("GRANTED", "REQUESTED");
    long payment = asked.body().get(1).get("id").asLong();
    assertThat(developer.post(ask, Map.of("targetAppId", app, "capabilities", List.of("payment"),
        "justification", "Again", "useDescription", "Again")).status()).isEqualTo(409);

    JsonNode onlyPayment = Releases.awaitStatus(developer, release(developer, version, app), "REJECTED");
    assertThat(onlyPayment.get("decisionComment").asText()).contains("'payment'").doesNotContain("'camera'");

    // the review: for workspace admins, never the one who asked (an admin too here)
    long task = Releases.awaitTask(admin, "feature-permission", payment);
    Reply selfApproval = developer.post("/api/v1/tasks/" + task + "/complete", Map.of("decision", "approve"));
    assertThat(selfApproval.status()).isIn(403, 404);
    assertThat(admin.post("/api/v1/tasks/" + task + "/complete", Map.of("decision", "reject")).status())
        .as("a rejection needs a comment").isEqualTo(400);
    assertThat(admin.post("/api/v1/tasks/" + task + "/complete", Map.of("decision", "approve", "comment", "ok"))
        .status()).isEqualTo(200);
    await().atMost(Duration.ofSeconds(30)).until(() -> "GRANTED".equals(grant(developer, mp, payment)
        .path("status").asText()));
    Releases.awaitStatus(developer, release(developer, version, app), "RELEASED");
    assertThat(Releases.inboxSubjects(developer))
        .anyMatch(s -> s.contains("Capability payment") && s.contains("granted"));

    // revoked: the next release that declares it is refused again
    String revoke = "/api/v1/capability-grants/" + payment + "/revoke";
    assertThat(admin.post(revoke, Map.of("reason", "Payment provider changed")).status()).isEqualTo(200);
    assertThat(grant(developer, mp, payment).get("status").asText()).isEqualTo("REVOKED");
    assertThat(admin.post(revoke, Map.of("reason", "again")).status()).isEqualTo(409);
    Releases.awaitStatus(developer, release(developer, version, app), "REJECTED");
    assertThat(jdbc.sql("select action from audit_event where workspace_id = :ws").param("ws", ws)
        .query(String.class).list()).contains("capability.catalogued", "capability.requested", "capability.granted",
            "capability.revoked");
    assertThat(developer.get("/api/v1/me/requests").body().findValuesAsText("kind")).contains("CAPABILITY");
  }

  private static JsonNode grant(ApiClient client, long mp, long id) {
    for (JsonNode g : client.get("/api/v1/mini-programs/" + mp + "/capabilities").body()) {
      if (g.get("id").asLong() == id) {
        return g;
      }
    }
    throw new AssertionError("no capability grant " + id);
  }

  private static long release(ApiClient developer, long version, long app) {
    Reply asked = developer.post("/api/v1/releases", Map.of("versionId", version, "targetAppId", app,
        "environment", "TEST"));
    assertThat(asked.status()).as(String.valueOf(asked.body())).isEqualTo(201);
    return asked.releaseId();
  }
}
