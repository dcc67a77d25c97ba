package dev.miniflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * The external profile with the workflow engine down at start-up: the app starts anyway, says it
 * is not ready, and becomes ready by itself once the engine is there.
 */
class EngineOutageTest {
  static final Path DATA = Path.of("target", "test-data", "engine-outage");

  @Test
  void appStartsWithoutTheEngineReportsNotReadyAndRecoversWhenItComes() throws Exception {
    FileSystemUtils.deleteRecursively(DATA);
    int enginePort;
    try (ServerSocket free = new ServerSocket(0)) {
      enginePort = free.getLocalPort();
    }
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start()) {
      ZeebeTestEngine engine = null;
      try (ConfigurableApplicationContext app = new SpringApplicationBuilder(MiniflowApplication.class).run(
          "--spring.profiles.active=external", "--server.port=0",
          "--MINIFLOW_DB_URL=" + postgres.getJdbcUrl("postgres", "postgres"),
          "--MINIFLOW_DB_USER=postgres", "--MINIFLOW_DB_PASSWORD=",
          "--MINIFLOW_ZEEBE_GRPC_ADDRESS=http://localhost:" + enginePort,
          "--miniflow.data-dir=" + DATA, "--miniflow.admin.password=outage-pass-1")) {
        String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");

        HttpResponse<String> notReady = get(base + "/actuator/health/readiness");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(component(get(base + "/actuator/health"), "engine")).isEqualTo("DOWN");
        assertThat(get(base + "/actuator/health/liveness").statusCode()).isEqualTo(200);

        engine = EngineFactory.create(enginePort);
        engine.start();
        await().atMost(Duration.ofSeconds(60)).until(() -> get(base + "/actuator/health/readiness").statusCode() == 200);
        assertThat(component(get(base + "/actuator/health"), "engine")).isEqualTo("UP");
      } finally {
        if (engine != null) {
          engine.stop();
        }
      }
    }
  }

  private static String component(HttpResponse<String> health, String name) throws Exception {
    JsonNode body = new ObjectMapper().readTree(health.body());
    return body.at("/components/" + name + "/status").asText();
  }

  private static HttpResponse<String> get(String url) throws Exception {
    return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(url)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
