package dev.miniflow.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ApiClient.Reply;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A process owner's variant times the review's escalation by a variable nobody sets: the review
 * step cannot start and an incident opens. The admin sets the variable (the variant declares it
 * editable) and retries: the review task appears, and the change is in the audit trail.
 */
@EmbeddedMiniflowTest
class IncidentFixTest {
  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;

  @Test
  void anAdminChangesAnEditableVariableOfAnInstanceWithAnIncidentAndTheRetryGoesOn() throws Exception {
    String base = "http://localhost:" + port;
    long ws = TestWorkspaces.create(workspaces, tx, "Fix", Map.of("admin", Set.of(Role.ADMIN),
        "developer", Set.of(Role.DEVELOPER), "reviewer", Set.of(Role.REVIEWER), "owner", Set.of(Role.PROCESS_OWNER)));
    ApiClient admin = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
    ApiClient developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    ApiClient reviewer = new ApiClient(base, "reviewer", EmbeddedMiniflowTest.PASSWORD);
    ApiClient owner = new ApiClient(base, "owner", EmbeddedMiniflowTest.PASSWORD);

    String xml = Files.readString(Path.of("../bpmn/release.bpmn"))
        .replace(">=duration(reviewDueIn)<",
            ">=duration(reviewDueLimit)<")
        .replace("value=\"reviewDueAt, ", "value=\"reviewDueLimit, releaseId, decision, reviewDueAt, ");
    assertThat(xml).contains("=duration(reviewDueLimit)");
    Reply deployed = owner.postText("/api/v1/processes?workspaceId=" + ws, MediaType.APPLICATION_XML, xml);
    assertThat(deployed.status()).as(String.valueOf(deployed.body())).isEqualTo(200);

    long mp = developer.createMiniProgram(ws, "Fix " + UUID.randomUUID().toString().substring(0, 6)).id();
    long version = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
    long release = developer.post("/api/v1/releases", Map.of("versionId", version, "targetAppId",
        developer.defaultTargetAppId(ws), "environment", "PRODUCTION")).releaseId();
    long instance = Releases.release(developer, release).get("processInstanceKey").asLong();
    String monitor = "/api/v1/monitor/instances/" + instance;
    await().atMost(Duration.ofSeconds(30))
        .until(() -> admin.get(monitor).body().path("incidents").toString().contains("ReviewRelease"));
    assertThat(Releases.reviewTask(reviewer, release)).isNull();

    // ids and decisions are never editable, whatever the model declares; the rest only as declared
    assertThat(admin.get(monitor + "/variables/editable").body().toString())
        .contains("reviewDueLimit").doesNotContain("releaseId").doesNotContain("decision");
    Reply id = admin.post(monitor + "/variables", Map.of("changes", List.of(Map.of("name", "releaseId",
        "value", 1)), "retry", true));
    assertThat(id.status()).isEqualTo(400);
    assertThat(id.text("detail")).contains("not editable");
    assertThat(admin.post(monitor + "/variables", Map.of("changes", List.of(Map.of("name", "workspaceId",
        "value", 1)))).status()).isEqualTo(400);
    assertThat(developer.post(monitor + "/variables", Map.of("changes", List.of(Map.of("name", "reviewDueLimit",
        "value", "PT48H")), "retry", true)).status()).isEqualTo(403);

    Reply fixed = admin.post(monitor + "/variables", Map.of("changes", List.of(Map.of("name", "reviewDueLimit",
        "value", "PT48H")), "retry", true));
    assertThat(fixed.status()).as(String.valueOf(fixed.body())).isEqualTo(200);
    assertThat(fixed.body().get("retried").asInt()).isEqualTo(1);
    Releases.awaitReviewTask(reviewer, release);
    assertThat(Releases.status(developer, release)).isEqualTo("UNDER_REVIEW");
    assertThat(jdbc.sql("select detail from audit_event where action = 'variable.changed' and subject_id = :i")
        .param("i", String.valueOf(instance)).query(String.class).single())
        .isEqualTo("reviewDueLimit: (not set) → \"PT48H\"");
    assertThat(jdbc.sql("select count(*) from audit_event where action = 'incident.retried' and subject_id = :i")
        .param("i", String.valueOf(instance)).query(Integer.class).single()).isEqualTo(1);

    // without an open incident, nothing is changed here
    await().atMost(Duration.ofSeconds(30))
        .until(() -> admin.get(monitor).body().path("instance").path("openIncidents").asInt(-1) == 0);
    Reply noIncident = admin.post(monitor + "/variables", Map.of("changes", List.of(Map.of("name", "reviewDueLimit",
        "value", "PT1H")), "retry", true));
    assertThat(noIncident.status()).isEqualTo(409);
  }
}
