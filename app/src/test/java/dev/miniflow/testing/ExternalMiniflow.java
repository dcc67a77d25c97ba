package dev.miniflow.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.security.crypto.factory.PasswordEncoderFactories;

/** What the tests of Miniflow's external profile (own JVM, real broker, shared PostgreSQL) share. */
public final class ExternalMiniflow {
  public static final String PASSWORD = "external-pass-123";

  private ExternalMiniflow() {}

  /** A Miniflow instance in its own JVM on the external profile. */
  public static MiniflowProcess start(Path log, String jdbcUrl, String gatewayAddress, Path dataDir) {
    return MiniflowProcess.start(log, Map.of(
        "MINIFLOW_DB_URL", jdbcUrl,
        "MINIFLOW_DB_USER", "postgres",
        "MINIFLOW_DB_PASSWORD", "postgres",
        "MINIFLOW_ZEEBE_GRPC_ADDRESS", gatewayAddress,
        "MINIFLOW_DATA_DIR", dataDir.toAbsolutePath().toString()), Map.of(
        "spring.profiles.active", "external",
        "miniflow.admin.password", PASSWORD,
        "miniflow.signing-key", "external-signing-key",
        "miniflow.partner.retry-backoff", "PT1S",
        "miniflow.partner.endpoints.allow-http", "true",
        "miniflow.partner.endpoints.allowed-hosts", "localhost,127.0.0.1"));
  }

  /** A developer, a reviewer and an operator in the first admin's workspace (straight into the database). */
  public static void seedUsers(JdbcClient db, long workspaceId) {
    var encoder = PasswordEncoderFactories.createDelegatingPasswordEncoder();
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
}
