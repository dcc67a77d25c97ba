package dev.miniflow.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.PartnerStub;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.SessionClient;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/** The admin monitor over the API: only the admin's workspaces, incidents and retry, cancel, worker metrics. */
@EmbeddedMiniflowTest
class MonitorTest {
  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;

  ApiClient admin;
  ApiClient otherAdmin;
  ApiClient developer;
  ApiClient reviewer;
  long ws;

  @BeforeEach
  void setUp() {
    String base = "http://localhost:" + port;
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    ws = TestWorkspaces.create(workspaces, tx, "Monitored", Map.of("admin", Set.of(Role.ADMIN),
        "developer", Set.of(Role.DEVELOPER), "reviewer", Set.of(Role.REVIEWER)));
    tx.executeWithoutResult(s -> {
      workspaces.createAccount("admin-" + suffix, "Other admin", null, "other-pass-1", "test");
      long other = workspaces.createWorkspace("Elsewhere " + suffix, "test");
      workspaces.addMember(other, "admin-" + suffix, Set.of(Role.ADMIN), "test");
    });
    admin = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
    otherAdmin = new ApiClient(base, "admin-" + suffix, "other-pass-1");
    developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    reviewer = new ApiClient(base, "reviewer", EmbeddedMiniflowTest.PASSWORD);
  }

  @Test
  void failedPublicationBecomesAnIncidentOnlyItsAdminsSeeAndRetryAfterThePartnerRecovers() {
    try (PartnerStub partner = new PartnerStub()) {
      long app = developer.defaultTargetAppId(ws);
      assertThat(admin.put("/api/v1/target-apps/" + app, Map.of("connector", "http", "endpointUrl", partner.url(),
          "secret", "monitor-secret-123")).status()).isEqualTo(200);
      long mp = developer.createMiniProgram(ws, "Incident " + UUID.randomUUID()).id();
      long version = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
      long release = developer.post("/api/v1/releases", Map.of("versionId", version, "environment", "DEVELOPMENT",
          "targetAppIds", List.of(app))).releaseId();

      JsonNode incident = await().atMost(Duration.ofSeconds(90)).until(() -> incidentOf(release), i -> i != null);
      assertThat(incident.get("jobType").asText()).isEqualTo("release.roll-out");
      assertThat(incident.get("errorMessage").asText()).contains("503");
      assertThat(partner.calls()).isEqualTo(5); // the BPMN's five attempts, then the admin is asked
      long instance = incident.get("processInstanceKey").asLong();

      assertThat(otherAdmin.get("/api/v1/monitor/instances/" + instance).status()).isEqualTo(404);
      assertThat(otherAdmin.post("/api/v1/monitor/incidents/" + incident.get("key").asLong() + "/retry").status())
          .isEqualTo(404);
      assertThat(otherAdmin.get("/api/v1/monitor/incidents").body().findValuesAsText("processInstanceKey"))
          .doesNotContain(String.valueOf(instance));
      assertThat(developer.get("/api/v1/monitor/incidents").status()).isEqualTo(403);

      JsonNode detail = admin.get("/api/v1/monitor/instances/" + instance).body();
      assertThat(detail.at("/instance/bpmnProcessId").asText()).isEqualTo("release");
      assertThat(detail.at("/diagram/incidents").toString()).contains("RollOut");
      assertThat(detail.get("variables").findValuesAsText("name")).contains("releaseIds", "workspaceId");
      // the job behind the incident: every failed call to the partner counted, no retries left
      JsonNode rollOut = rollOutJob(detail);
      assertThat(rollOut.get("failures").asInt()).isEqualTo(partner.calls()).isPositive();
      assertThat(rollOut.get("retries").asInt()).isZero();
      assertThat(rollOut.get("state").asText()).isEqualTo("FAILED");
      assertThat(rollOut.get("errorMessage").asText()).contains("503");

      partner.comeBack();
      assertThat(admin.post("/api/v1/monitor/incidents/" + incident.get("key").asLong() + "/retry").status())
          .isEqualTo(202);
      Releases.awaitStatus(developer, release, "RELEASED");
      await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/monitor/instances/" + instance).body()
          .at("/instance/state").asText().equals("COMPLETED"));
      assertThat(admin.post("/api/v1/monitor/incidents/" + incident.get("key").asLong() + "/retry").status())
          .isEqualTo(409);
      assertThat(partner.calls()).isEqualTo(6);
      JsonNode afterRetry = rollOutJob(admin.get("/api/v1/monitor/instances/" + instance).body());
      assertThat(afterRetry.get("state").asText()).isEqualTo("COMPLETED");
      assertThat(afterRetry.get("failures").asInt()).isEqualTo(5);

      String metrics = admin.getText("/actuator/prometheus").getBody();
      assertThat(metrics).contains("camunda_job_invocations_total{action=\"failed\",type=\"release.roll-out\"}")
          .contains("miniflow_worker_job_seconds_count{outcome=\"failed\",type=\"release.roll-out\"}")
          .contains("miniflow_worker_job_seconds{outcome=\"completed\",type=\"release.roll-out\",quantile=\"0.95\"}");
      // the embedded engine's in-memory log, which is never given back while it runs
      assertThat(metrics).containsPattern("miniflow_embedded_engine_log_records [1-9]");
    }
  }

  @Test
  void workerMetricsAreForAdminsOnly() throws Exception {
    String base = "http://localhost:" + port;
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    tx.executeWithoutResult(s -> { // a member who is admin nowhere
      workspaces.createAccount("watcher-" + suffix, "Watcher", null, "watcher-pass-1", "test");
      workspaces.addMember(ws, "watcher-" + suffix, Set.of(Role.REVIEWER, Role.DEVELOPER), "test");
    });
    ApiClient watcher = new ApiClient(base, "watcher-" + suffix, "watcher-pass-1");
    assertThat(admin.getText("/actuator/prometheus").getStatusCode().value()).isEqualTo(200);
    assertThat(otherAdmin.getText("/actuator/metrics").getStatusCode().value()).isEqualTo(200);
    assertThat(SessionClient.logIn(base, "admin", EmbeddedMiniflowTest.PASSWORD).api()
        .getText("/actuator/prometheus").getStatusCode().value()).as("an admin logged in in the browser")
        .isEqualTo(200);
    assertThat(watcher.getText("/actuator/prometheus").getStatusCode().value()).isEqualTo(403);
    assertThat(watcher.getText("/actuator/metrics/jvm.memory.used").getStatusCode().value()).isEqualTo(403);
    assertThat(watcher.getText("/actuator").getStatusCode().value()).isEqualTo(403);
    // however the path is spelled
    HttpResponse<String> encoded = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
        URI.create(base + "/%61ctuator/prometheus")).header("Authorization",
            "Basic " + Base64.getEncoder()
                .encodeToString(("watcher-" + suffix + ":watcher-pass-1").getBytes(StandardCharsets.UTF_8)))
        .build(),
        HttpResponse.BodyHandlers.ofString());
    assertThat(encoded.body()).doesNotContain("jvm_memory");
    assertThat(encoded.statusCode()).isIn(400, 403, 404);
    ApiClient nobody = new ApiClient(base, headers -> {});
    assertThat(nobody.getText("/actuator/prometheus").getStatusCode().value()).isEqualTo(401);
    assertThat(new ApiClient(base, "admin", "wrong-password").getText("/actuator/prometheus").getStatusCode().value())
        .isEqualTo(401);
    // load balancers still see whether Miniflow is up, and which part is down, but no details
    assertThat(nobody.getText("/actuator/health").getStatusCode().value()).isEqualTo(200);
    assertThat(watcher.getText("/actuator/health").getBody()).contains("\"db\"").doesNotContain("details");
  }

  @Test
  void cancelingAnInstanceWithdrawsItsOpenTasks() {
    long mp = developer.createMiniProgram(ws, "Cancel " + UUID.randomUUID()).id();
    long version = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
    long release = developer.post("/api/v1/releases", Map.of("versionId", version, "environment", "PRODUCTION",
        "targetAppId", developer.defaultTargetAppId(ws))).releaseId();
    long task = Releases.awaitReviewTask(reviewer, release);
    long instance = reviewer.get("/api/v1/tasks/" + task).body().at("/task/processInstanceKey").asLong();
    await().atMost(Duration.ofSeconds(10))
        .until(() -> admin.get("/api/v1/monitor/instances/" + instance).status() == 200);

    assertThat(developer.post("/api/v1/monitor/instances/" + instance + "/cancel").status()).isEqualTo(403);
    assertThat(otherAdmin.post("/api/v1/monitor/instances/" + instance + "/cancel").status()).isEqualTo(404);
    assertThat(admin.post("/api/v1/monitor/instances/" + instance + "/cancel").status()).isEqualTo(202);
    assertThat(reviewer.get("/api/v1/tasks/" + task).body().at("/task/state").asText()).isEqualTo("CANCELED");
    // the release ends with its process, so a new one can be asked for
    assertThat(Releases.status(developer, release)).isEqualTo("CANCELED");
    assertThat(reviewer.post("/api/v1/tasks/" + task + "/complete", Map.of("decision", "approve")).status())
        .isEqualTo(409);
    await().atMost(Duration.ofSeconds(10)).until(() -> admin.get("/api/v1/monitor/instances/" + instance).body()
        .at("/instance/state").asText().equals("CANCELED"));
    assertThat(admin.post("/api/v1/monitor/instances/" + instance + "/cancel").status()).isEqualTo(409);
    var listed = admin.get("/api/v1/monitor/instances?state=CANCELED&process=release").body();
    assertThat(listed.findValuesAsText("key")).contains(String.valueOf(instance));
    assertThat(admin.get("/api/v1/monitor/instances?state=BOGUS").status()).isEqualTo(400);
  }

  private static JsonNode rollOutJob(JsonNode detail) {
    for (JsonNode job : detail.get("jobs")) {
      if (job.get("jobType").asText().equals("release.roll-out")) {
        return job;
      }
    }
    throw new AssertionError("no roll-out job in " + detail.get("jobs"));
  }

  private JsonNode incidentOf(long release) {
    for (JsonNode incident : admin.get("/api/v1/monitor/incidents").body()) {
      long instance = incident.get("processInstanceKey").asLong();
      JsonNode vars = admin.get("/api/v1/monitor/instances/" + instance).body().get("variables");
      for (JsonNode v : vars) {
        if (v.get("name").asText().equals("releaseIds") && v.get("value").asText().equals("[" + release + "]")) {
          return incident;
        }
      }
    }
    return null;
  }
}
