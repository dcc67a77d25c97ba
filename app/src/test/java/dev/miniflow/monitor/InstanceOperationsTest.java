package dev.miniflow.monitor;

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
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** Moving a running instance's token, and migrating it to a newer version of its process. */
@EmbeddedMiniflowTest
class InstanceOperationsTest {
  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;

  ApiClient admin;
  ApiClient developer;
  ApiClient reviewer;
  ApiClient operator;
  ApiClient owner;
  long ws;
  long mp;

  @BeforeEach
  void setUp() {
    String base = "http://localhost:" + port;
    ws = TestWorkspaces.create(workspaces, tx, "Operations", Map.of("admin", Set.of(Role.ADMIN), "developer",
        Set.of(Role.DEVELOPER), "reviewer", Set.of(Role.REVIEWER), "operator", Set.of(Role.OPERATOR), "owner",
        Set.of(Role.PROCESS_OWNER)));
    admin = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
    developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    reviewer = new ApiClient(base, "reviewer", EmbeddedMiniflowTest.PASSWORD);
    operator = new ApiClient(base, "operator", EmbeddedMiniflowTest.PASSWORD);
    owner = new ApiClient(base, "owner", EmbeddedMiniflowTest.PASSWORD);
    mp = developer.createMiniProgram(ws, "Ops " + UUID.randomUUID().toString().substring(0, 6)).id();
  }

  @Test
  void aMoveThatWouldSkipTheReviewIsRefusedAndOneThroughEventsOnlyIsMade() {
    long release = request("1.0.0");
    long task = Releases.awaitReviewTask(reviewer, release);
    long instance = instanceOf(release);
    String move = "/api/v1/monitor/instances/" + instance + "/move";
    awaitActive(instance, "ReviewRelease");

    assertThat(developer.post(move, Map.of("from", "ReviewRelease", "to", "BuildBundle")).status()).isEqualTo(403);
    Reply skip = admin.post(move, Map.of("from", "ReviewRelease", "to", "BuildBundle"));
    assertThat(skip.status()).isEqualTo(409);
    assertThat(skip.text("detail")).contains("would skip the review ReviewRelease");
    Reply back = admin.post(move, Map.of("from", "ReviewRelease", "to", "ValidateRelease"));
    assertThat(back.status()).isEqualTo(409);
    assertThat(back.text("detail")).contains("waits there for a decision");
    assertThat(admin.post(move, Map.of("from", "ReviewRelease", "to", "Nowhere")).status()).isEqualTo(400);
    assertThat(Releases.reviewTask(reviewer, release)).isEqualTo(task);
    assertThat(Releases.status(developer, release)).isEqualTo("UNDER_REVIEW");

    // approved and waiting for the operator: the token may go on to the publication step through events
    assertThat(reviewer.post("/api/v1/tasks/" + task + "/complete", Map.of("decision", "approve", "comment", "ok"))
        .status()).isEqualTo(200);
    Releases.awaitStatus(developer, release, "APPROVED");
    awaitActive(instance, "AwaitRollout");
    Reply moved = admin.post(move, Map.of("from", "AwaitRollout", "to", "RollOut"));
    assertThat(moved.status()).as(String.valueOf(moved.body())).isEqualTo(200);
    // the step finds no rollout asked for: nothing is published, the release waits for its operator again
    await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("select count(*) from element_instance where"
        + " process_instance_key = :k and element_id = 'AwaitRollout' and state = 'ACTIVE'").param("k", instance)
        .query(Integer.class).single() == 1 && completions(instance, "RollOut") == 1);
    assertThat(Releases.status(developer, release)).isEqualTo("APPROVED");
    assertThat(jdbc.sql("select detail from audit_event where action = 'instance.modified' and subject_id = :i")
        .param("i", String.valueOf(instance)).query(String.class).single())
        .startsWith("token moved from AwaitRollout to RollOut");
  }

  @Test
  void aMigrationToANewerVersionKeepsTheOpenReviewTask() throws Exception {
    String xml = Files.readString(Path.of("../bpmn/release.bpmn"));
    assertThat(owner.postText("/api/v1/processes?workspaceId=" + ws, MediaType.APPLICATION_XML,
        xml.replace("name=\"Notify operators\"", "name=\"Notify the operators\"")).status()).isEqualTo(200);
    long release = request("2.0.0");
    long task = Releases.awaitReviewTask(reviewer, release);
    long instance = instanceOf(release);
    awaitActive(instance, "ReviewRelease");
    // a second one on the same version, for the batch migration below
    mp = developer.createMiniProgram(ws, "Ops " + UUID.randomUUID().toString().substring(0, 6)).id();
    long other = request("2.0.0");
    long otherTask = Releases.awaitReviewTask(reviewer, other);
    long otherInstance = instanceOf(other);
    awaitActive(otherInstance, "ReviewRelease");
    JsonNode before = admin.get("/api/v1/monitor/instances/" + instance).body().get("instance");
    assertThat(owner.postText("/api/v1/processes?workspaceId=" + ws, MediaType.APPLICATION_XML,
        xml.replace("name=\"Notify operators\"", "name=\"Notify our operators\"")).status()).isEqualTo(200);
    long target = jdbc.sql("select process_definition_key from process_definition where bpmn_process_id = :id"
        + " order by version desc limit 1").param("id", before.get("bpmnProcessId").asText()).query(Long.class)
        .single();

    String preview = "/api/v1/monitor/instances/" + instance + "/migration-preview";
    assertThat(developer.post(preview, Map.of("targetDefinitionKey", target)).status()).isEqualTo(403);
    assertThat(admin.post(preview, Map.of("targetDefinitionKey", before.get("processDefinitionKey").asLong()))
        .status()).isEqualTo(400);
    Reply shown = admin.post(preview, Map.of("targetDefinitionKey", target));
    assertThat(shown.status()).as(String.valueOf(shown.body())).isEqualTo(200);
    assertThat(shown.body().get("migratable").asBoolean()).isTrue();
    assertThat(shown.body().get("tasks")).hasSize(1);
    assertThat(shown.body().get("tasks").get(0).get("taskId").asLong()).isEqualTo(task);
    assertThat(shown.body().get("tasks").get(0).get("outcome").asText()).isEqualTo("KEPT");

    Reply migrated = admin.post("/api/v1/monitor/instances/" + instance + "/migrate",
        Map.of("targetDefinitionKey", target));
    assertThat(migrated.status()).as(String.valueOf(migrated.body())).isEqualTo(200);
    await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/monitor/instances/" + instance).body()
        .get("instance").get("processDefinitionKey").asLong() == target);
    // the same task, still open, decides the release on the new version
    assertThat(Releases.reviewTask(reviewer, release)).isEqualTo(task);
    assertThat(reviewer.post("/api/v1/tasks/" + task + "/complete", Map.of("decision", "approve", "comment", "ok"))
        .status()).isEqualTo(200);
    Releases.awaitStatus(developer, release, "APPROVED");
    assertThat(jdbc.sql("select count(*) from audit_event where action = 'instance.migrated' and subject_id = :i")
        .param("i", String.valueOf(instance)).query(Integer.class).single()).isEqualTo(1);

    // the rest of the older version's running instances, as one batch: here the other release
    Reply batch = admin.post("/api/v1/monitor/batches", Map.of("kind", "MIGRATE_INSTANCES", "targetDefinitionKey",
        target));
    assertThat(batch.status()).as(String.valueOf(batch.body())).isEqualTo(202);
    assertThat(batch.body().get("total").asInt()).isEqualTo(1);
    String followed = "/api/v1/monitor/batches/" + batch.body().get("id").asLong();
    await().atMost(Duration.ofSeconds(30)).until(() -> admin.get(followed).body().get("finishedAt").isTextual());
    assertThat(admin.get(followed).body().get("done").asInt()).as(admin.get(followed).body().toString()).isEqualTo(1);
    await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/monitor/instances/" + otherInstance)
        .body().get("instance").get("processDefinitionKey").asLong() == target);
    assertThat(Releases.reviewTask(reviewer, other)).isEqualTo(otherTask);
  }

  private long request(String version) {
    long versionId = developer.upload(mp, version, TestPackages.valid()).id();
    Reply reply = developer.post("/api/v1/releases", Map.of("versionId", versionId, "targetAppId",
        developer.defaultTargetAppId(ws), "environment", "PRODUCTION"));
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
    return reply.releaseId();
  }

  private long instanceOf(long release) {
    return Releases.release(developer, release).get("processInstanceKey").asLong();
  }

  private void awaitActive(long instance, String element) {
    await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("select count(*) from element_instance where"
        + " process_instance_key = :k and element_id = :e and state = 'ACTIVE'").param("k", instance)
        .param("e", element).query(Integer.class).single() == 1);
  }

  private int completions(long instance, String element) {
    return jdbc.sql("select count(*) from element_instance where process_instance_key = :k and element_id = :e"
        + " and state = 'COMPLETED'").param("k", instance).param("e", element).query(Integer.class).single();
  }
}
