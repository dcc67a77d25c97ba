package dev.miniflow.partner;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miniflow.support.Hmac;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ApiClient.Reply;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Workspace admins add, configure and disable target apps and change their listing rules: rules
 * apply to requests from then on, a disabled app takes no new release, a new secret leaves the old
 * one valid for the grace period.
 */
@EmbeddedMiniflowTest
class TargetAppAdministrationTest {
  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;

  ApiClient admin;
  ApiClient developer;
  ApiClient reviewer;
  long ws;

  @BeforeEach
  void workspace() {
    String base = "http://localhost:" + port;
    ws = TestWorkspaces.create(workspaces, tx, "Target apps", Map.of("admin", Set.of(Role.ADMIN),
        "developer", Set.of(Role.DEVELOPER), "reviewer", Set.of(Role.REVIEWER)));
    admin = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
    developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    reviewer = new ApiClient(base, "reviewer", EmbeddedMiniflowTest.PASSWORD);
  }

  @Test
  void anAdminsOwnRulesApplyToRequestsFromTheirChangeOn() {
    String apps = "/api/v1/workspaces/" + ws + "/target-apps";
    assertThat(developer.post(apps, Map.of("code", "pay", "name", "Pay")).status()).isEqualTo(403);
    assertThat(admin.post(apps, Map.of("code", "Not A Code", "name", "Pay")).status()).isEqualTo(400);
    Reply added = admin.post(apps, Map.of("code", "partner-pay", "name", "Partner Pay", "kind", "PARTNER",
        "listingRules", Map.of("nameMax", 10)));
    assertThat(added.status()).as(String.valueOf(added.body())).isEqualTo(201);
    assertThat(added.body().at("/listingRules/nameMax").asInt()).isEqualTo(10);
    assertThat(admin.post(apps, Map.of("code", "partner-pay", "name", "Again")).status()).isEqualTo(409);
    long pay = added.id();
    assertThat(developer.get(apps).body().findValuesAsText("code")).contains("native", "partner-pay");
    assertThat(admin.put("/api/v1/target-apps/" + pay, Map.of("kind", "STRICT")).body().get("kind").asText())
        .isEqualTo("STRICT");
    assertThat(admin.put("/api/v1/target-apps/" + pay, Map.of("kind", "GIANT")).status()).isEqualTo(400);

    long mp = developer.createMiniProgram(ws, "Rules " + UUID.randomUUID().toString().substring(0, 8)).id();
    long version = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
    long refused = release(version, pay);
    JsonNode rejected = Releases.awaitStatus(developer, refused, "REJECTED");
    assertThat(rejected.get("decisionComment").asText()).contains("The name must be at most 10 characters");

    String rules = "/api/v1/target-apps/" + pay + "/listing-rules";
    assertThat(admin.put(rules, Map.of("nameMin", 50, "nameMax", 40)).status()).isEqualTo(400);
    assertThat(admin.put(rules, Map.of("nameMax", 40, "descriptionMin", 5)).status()).isEqualTo(200);
    long accepted = release(version, pay);
    Releases.awaitStatus(developer, accepted, "UNDER_REVIEW");
    long task = Releases.awaitReviewTask(reviewer, accepted);

    // a stricter change now leaves the release under review alone: its reviewer reads the rules it was asked under
    assertThat(admin.put(rules, Map.of("nameMax", 5)).body().get("nameMax").asInt()).isEqualTo(5);
    assertThat(reviewer.get("/api/v1/tasks/" + task).body().at("/context/sections").toString())
        .contains("Name at most 40 characters; description at least 5 characters.");
    assertThat(admin.get(apps).body().findValues("listingRules").stream()
        .anyMatch(r -> r.path("nameMax").asInt() == 5)).isTrue();
    assertThat(jdbc.sql("select action from audit_event where workspace_id = :ws").param("ws", ws)
        .query(String.class).list()).contains("target-app.added", "target-app.rules-changed");
  }

  @Test
  void aDisabledTargetAppTakesNoNewRelease() {
    long app = developer.defaultTargetAppId(ws);
    long mp = developer.createMiniProgram(ws, "Disabled " + UUID.randomUUID().toString().substring(0, 8)).id();
    long version = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
    assertThat(developer.post("/api/v1/target-apps/" + app + "/disable").status()).isEqualTo(403);
    assertThat(admin.post("/api/v1/target-apps/" + app + "/disable").body().get("enabled").asBoolean()).isFalse();
    assertThat(admin.post("/api/v1/target-apps/" + app + "/disable").status()).isEqualTo(409);

    Reply refused = developer.post("/api/v1/releases", Map.of("versionId", version, "targetAppId", app,
        "environment", "TEST"));
    assertThat(refused.status()).isEqualTo(409);
    assertThat(refused.text("detail")).contains("disabled");
    assertThat(jdbc.sql("select count(*) from release where mini_program_id = :mp").param("mp", mp)
        .query(Integer.class).single()).isZero();
    // the page in a client of its own: its session must not ride along on the API calls below
    assertThat(page("/releases/new?versionId=" + version)).contains("name=\"targetAppIds\"")
        .doesNotContain("value=\"" + app + "\"");

    assertThat(admin.post("/api/v1/target-apps/" + app + "/enable").status()).isEqualTo(200);
    assertThat(release(version, app, "TEST")).isPositive();
  }

  @Test
  void aNewSecretLeavesTheOldOneValidForTheGracePeriod() {
    long app = developer.defaultTargetAppId(ws);
    String target = "/api/v1/target-apps/" + app;
    String oldSecret = "old-secret-" + UUID.randomUUID();
    String newSecret = "new-secret-" + UUID.randomUUID();
    assertThat(admin.put(target, Map.of("secret", oldSecret)).status()).isEqualTo(200);
    assertThat(callback(app, oldSecret)).as("signed with the only secret").isEqualTo(400);
    assertThat(admin.put(target, Map.of("secret", newSecret)).status()).isEqualTo(200);
    // a well signed callback without idempotencyKey and status gets past the signature: 400, not 401
    assertThat(callback(app, newSecret)).isEqualTo(400);
    assertThat(callback(app, oldSecret)).as("the old secret within the grace period").isEqualTo(400);
    assertThat(callback(app, "never-the-secret-at-all")).isEqualTo(401);
    jdbc.sql("update target_app set previous_secret_until = now() - interval '1 second' where id = :id")
        .param("id", app).update();
    assertThat(callback(app, oldSecret)).as("the old secret after the grace period").isEqualTo(401);
    assertThat(callback(app, newSecret)).isEqualTo(400);
  }

  private long release(long version, long targetApp) {
    return release(version, targetApp, "PRODUCTION");
  }

  private long release(long version, long targetApp, String environment) {
    Reply asked = developer.post("/api/v1/releases", Map.of("versionId", version, "targetAppId", targetApp,
        "environment", environment));
    assertThat(asked.status()).as(String.valueOf(asked.body())).isEqualTo(201);
    return asked.releaseId();
  }

  /** A page as the developer's browser gets it, with a session of its own (the API clients keep none). */
  private String page(String path) {
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path))
          .header("Authorization", "Basic " + java.util.Base64.getEncoder().encodeToString(
              ("developer:" + EmbeddedMiniflowTest.PASSWORD).getBytes(StandardCharsets.UTF_8)))
          .build(), HttpResponse.BodyHandlers.ofString()).body();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }

  private int callback(long targetAppId, String secret) {
    String body = "{}";
    try {
      return HttpClient.newHttpClient().send(HttpRequest.newBuilder(
          URI.create("http://localhost:" + port + "/api/v1/partner-callbacks/" + targetAppId))
          .header("Content-Type", "application/json")
          .header("X-Partner-Signature", "sha256=" + Hmac.sha256Hex(secret.getBytes(StandardCharsets.UTF_8), body))
          .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.discarding())
          .statusCode();
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
