package dev.miniflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.awaitility.Awaitility;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.bcrypt.BCryptPasswordEncoder;
import org.springframework.security.crypto.password.DelegatingPasswordEncoder;

/** What the tests of Miniflow's external profile (own JVM, real broker, shared PostgreSQL) share. */
public final class ExternalMiniflow {
  public static final String PASSWORD = "external-pass-123";

  private ExternalMiniflow() {}

  /** A Miniflow instance in its own JVM on the external profile: the production artifact, as shipped. */
  public static MiniflowProcess start(Path log, String jdbcUrl, String gatewayAddress, Path dataDir) {
    return MiniflowProcess.startProductionJar(log, Map.of(
        "MINIFLOW_DB_URL", jdbcUrl,
        "MINIFLOW_DB_USER", "postgres",
        "MINIFLOW_DB_PASSWORD", "postgres",
        "MINIFLOW_ZEEBE_GRPC_ADDRESS", gatewayAddress,
        "MINIFLOW_DATA_DIR", dataDir.toAbsolutePath().toString()),
        Map.of(
            "spring.profiles.active", "external",
            "miniflow.admin.password", PASSWORD,
            "miniflow.signing-key", "external-signing-key",
            "miniflow.passwords.bcrypt-strength", "4",
            "miniflow.partner.retry-backoff", "PT1S",
            "miniflow.partner.endpoints.allow-http", "true",
            "miniflow.partner.endpoints.allowed-hosts", "localhost,127.0.0.1"));
  }

  /** A developer, a reviewer and an operator in the first admin's workspace (straight into the database). */
  public static void seedUsers(JdbcClient db, long workspaceId) {
    var encoder = new DelegatingPasswordEncoder("bcrypt", Map.of("bcrypt", new BCryptPasswordEncoder(4)));
    Map.of("developer", "DEVELOPER", "reviewer", "REVIEWER", "operator", "OPERATOR").forEach((user, role) -> {
      long id = db.sql("insert into app_user(username, display_name, password_hash) values (:u, :u, :p) returning id")
          .param("u", user).param("p", encoder.encode(PASSWORD)).query(Long.class).single();
      db.sql("insert into workspace_member(workspace_id, user_id, role) values (:ws, :id, :role)")
          .param("ws", workspaceId).param("id", id).param("role", role).update();
    });
  }

  /** A new mini program, its version 1.0.0, and a release of it; returns the release id. */
  public static long release(ApiClient developer, long workspaceId, long targetApp, String name, String environment) {
    long mp = developer.createMiniProgram(workspaceId, name).id();
    long version = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
    ApiClient.Reply reply = developer.post("/api/v1/releases", Map.of("versionId", version, "targetAppId", targetApp,
        "environment", environment));
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
    return reply.releaseId();
  }

  /** Open release review tasks the reviewer may take, by release id. */
  public static Map<Long, Long> openReviewTasks(ApiClient reviewer) {
    Map<Long, Long> tasks = new java.util.HashMap<>();
    for (var t : reviewer.get("/api/v1/tasks?queue=AVAILABLE&process=release").body()) {
      tasks.put(t.get("businessKey").asLong(), t.get("id").asLong());
    }
    return tasks;
  }

  public static String status(ApiClient client, long releaseId) {
    return client.get("/api/v1/releases/" + releaseId).text("status");
  }

  /**
   * A counter of the app's own {@code /actuator/prometheus} (admins only, so read with an admin's
   * Basic credentials), summed over the series with all these labels.
   */
  public static double metric(ApiClient admin, String name, String... labels) {
    var metrics = admin.getText("/actuator/prometheus");
    assertThat(metrics.getStatusCode().value()).as("/actuator/prometheus").isEqualTo(200);
    return PrometheusText.sum(metrics.getBody(), name, labels);
  }

  /** How often each of these audit actions was recorded for the release. */
  public static long count(ApiClient client, long releaseId, String action) {
    long n = 0;
    for (var event : client.get("/api/v1/releases/" + releaseId + "/audit").body()) {
      if (event.get("action").asText().equals(action)) {
        n++;
      }
    }
    return n;
  }

  /**
   * The admin monitor over the API, once the exporter has caught up: every release instance of
   * the workspace listed once, completed, with its element history once (one process element,
   * every element completed, validation and roll-out among them); the analytics count each once.
   * @return the projected failures of the instances' jobs, per job type
   */
  public static Map<String, Integer> assertMonitorShowsEveryRelease(ApiClient admin, JdbcClient db, long workspaceId) {
    Set<Long> ran = new HashSet<>(db
        .sql(
            """
            select distinct process_instance_key from release where workspace_id = :ws and process_instance_key is not null""")
        .param("ws", workspaceId).query(Long.class).list());
    assertThat(ran).as("release instances that ran").isNotEmpty();
    List<JsonNode> listed = Awaitility.await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofSeconds(1))
        .until(() -> monitorInstances(admin, "release"), l -> l.size() >= ran.size()
            && l.stream().allMatch(i -> i.get("state").asText().equals("COMPLETED")));
    List<Long> keys = listed.stream().map(i -> i.get("key").asLong()).toList();
    assertThat(keys).as("each instance listed once").doesNotHaveDuplicates();
    assertThat(keys).as("the monitor's release instances are those that ran").containsExactlyInAnyOrderElementsOf(ran);
    Map<String, Integer> failures = new HashMap<>();
    for (long key : keys) {
      JsonNode detail = admin.get("/api/v1/monitor/instances/" + key).body();
      List<Long> elementKeys = new ArrayList<>();
      List<String> elementIds = new ArrayList<>();
      detail.get("elements").forEach(e -> {
        elementKeys.add(e.get("key").asLong());
        elementIds.add(e.get("elementId").asText());
        assertThat(e.get("state").asText()).as("element " + e + " of " + key).isEqualTo("COMPLETED");
      });
      assertThat(elementKeys).as("history of " + key).doesNotHaveDuplicates();
      assertThat(elementIds).as("history of " + key).containsOnlyOnce("release").contains("ValidateRelease", "RollOut");
      detail.get("jobs")
          .forEach(j -> failures.merge(j.get("jobType").asText(), j.get("failures").asInt(), Integer::sum));
    }
    JsonNode cycle = null;
    for (JsonNode timing : admin.get("/api/v1/workspaces/" + workspaceId + "/analytics").body().get("cycleTimes")) {
      if (timing.get("process").asText().equals("release")) {
        cycle = timing;
      }
    }
    assertThat(cycle).as("the release process's cycle time").isNotNull();
    assertThat(cycle.get("count").asLong()).as("completed releases the cycle time is taken over").isEqualTo(ran.size());
    return failures;
  }

  /** Every instance of this process the monitor lists, page by page. */
  public static List<JsonNode> monitorInstances(ApiClient admin, String process) {
    List<JsonNode> all = new ArrayList<>();
    for (int page = 0;; page++) {
      JsonNode instances = admin.get("/api/v1/monitor/instances?process=" + process + "&page=" + page).body();
      instances.forEach(all::add);
      if (instances.size() < 50) {
        return all;
      }
    }
  }
}
