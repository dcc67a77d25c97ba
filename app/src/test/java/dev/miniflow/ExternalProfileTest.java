package dev.miniflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.context.ActiveProfiles;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.transaction.support.TransactionTemplate;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.PostgreSQLContainer;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;

/**
 * The external profile against a real Zeebe broker and PostgreSQL server in containers. Runs where
 * Docker is available and is skipped (not failed) where it is not.
 */
@Testcontainers(disabledWithoutDocker = true)
@ActiveProfiles("external")
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = {
    "miniflow.data-dir=target/test-data/external",
    "miniflow.admin.password=admin-pass-123",
    "miniflow.signing-key=external-test-key"})
class ExternalProfileTest {
  @Container static final PostgreSQLContainer<?> POSTGRES = new PostgreSQLContainer<>("postgres:17");

  @Container static final GenericContainer<?> ZEEBE = new GenericContainer<>("camunda/zeebe:8.8.14")
      .withEnv("ZEEBE_BROKER_GATEWAY_ENABLE", "true")
      .withEnv("CAMUNDA_SECURITY_AUTHENTICATION_UNPROTECTEDAPI", "true")
      .withEnv("CAMUNDA_SECURITY_AUTHORIZATIONS_ENABLED", "false")
      .withEnv("CAMUNDA_DATABASE_TYPE", "none")
      .withEnv("CAMUNDA_DATA_SECONDARYSTORAGE_TYPE", "none")
      .withExposedPorts(26500, 9600)
      .waitingFor(Wait.forListeningPorts(26500).withStartupTimeout(Duration.ofMinutes(3)));

  @DynamicPropertySource
  static void external(DynamicPropertyRegistry registry) {
    registry.add("MINIFLOW_DB_URL", POSTGRES::getJdbcUrl);
    registry.add("MINIFLOW_DB_USER", POSTGRES::getUsername);
    registry.add("MINIFLOW_DB_PASSWORD", POSTGRES::getPassword);
    registry.add("MINIFLOW_ZEEBE_GRPC_ADDRESS",
        () -> "http://" + ZEEBE.getHost() + ":" + ZEEBE.getMappedPort(26500));
  }

  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;

  @Test
  void releaseIsApprovedAndPublishedThroughARealBroker() {
    String base = "http://localhost:" + port;
    long workspaceId = new ApiClient(base, "admin", "admin-pass-123").workspaceId();
    tx.executeWithoutResult(s -> {
      workspaces.createAccount("dev", "Dev", null, "dev-pass-123", "test");
      workspaces.createAccount("rev", "Rev", null, "rev-pass-123", "test");
      workspaces.addMember(workspaceId, "dev", Set.of(Role.DEVELOPER), "test");
      workspaces.addMember(workspaceId, "rev", Set.of(Role.REVIEWER), "test");
    });
    ApiClient developer = new ApiClient(base, "dev", "dev-pass-123");
    ApiClient reviewer = new ApiClient(base, "rev", "rev-pass-123");

    long miniProgramId = developer.createMiniProgram(workspaceId, "External").id();
    long versionId = developer.upload(miniProgramId, "1.0.0", TestPackages.valid()).id();
    long releaseId = developer.post("/api/v1/releases", Map.of("versionId", versionId,
        "targetAppId", developer.defaultTargetAppId(workspaceId), "environment", "PRODUCTION")).releaseId();

    long[] taskId = new long[1];
    await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
      var tasks = reviewer.get("/api/v1/tasks?queue=AVAILABLE&process=release").body();
      assertThat(tasks).hasSize(1);
      taskId[0] = tasks.get(0).get("id").asLong();
    });
    assertThat(reviewer.post("/api/v1/tasks/" + taskId[0] + "/claim").status()).isEqualTo(200);
    assertThat(reviewer.post("/api/v1/tasks/" + taskId[0] + "/complete",
        Map.of("decision", "approve", "comment", "ok")).status()).isEqualTo(200);

    await().atMost(Duration.ofSeconds(60))
        .until(() -> "APPROVED".equals(developer.get("/api/v1/releases/" + releaseId).text("status")));
    assertThat(new ApiClient(base, "admin", "admin-pass-123").post("/api/v1/releases/" + releaseId + "/full").status())
        .isEqualTo(202);
    await().atMost(Duration.ofSeconds(60))
        .until(() -> "RELEASED".equals(developer.get("/api/v1/releases/" + releaseId).text("status")));
  }
}
