package dev.miniflow;

import dev.miniflow.engine.embedded.EmbeddedEngine;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ApiClient.Reply;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.SessionClient;
import dev.miniflow.testing.TcpProxy;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.util.FileSystemUtils;

/**
 * The external profile with the workflow engine's gateway unreachable: down at start-up, the app
 * starts anyway, says it is not ready, and becomes ready by itself once the engine is there;
 * gone mid-run, requests that need the engine get a 503 problem and change nothing, and work
 * again once it is back.
 */
class EngineOutageTest {
  static final Path DATA = Path.of("target", "test-data", "engine-outage");
  /** What requests to the engine could change; sessions aside. */
  static final List<String> TABLES = List.of("release", "user_task", "task_candidate", "task_comment", "audit_event",
      "notification", "process_definition", "form_definition", "partner_publication", "access_grant", "removal");

  @Test
  void withoutTheEngineTheAppStartsRefusesWhatNeedsItChangingNothingAndRecoversWhenItIsBack() throws Exception {
    // this class starts an engine without Spring's test context: the cached one (and its engine) goes first
    dev.miniflow.testing.OneEngineAtATime.closeCachedContext();
    FileSystemUtils.deleteRecursively(DATA);
    int enginePort;
    try (ServerSocket free = new ServerSocket(0)) {
      enginePort = free.getLocalPort();
    }
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().start(); TcpProxy gateway = new TcpProxy(enginePort)) {
      ZeebeTestEngine engine = null;
      try (ConfigurableApplicationContext app = new SpringApplicationBuilder(MiniflowApplication.class).run(
          "--spring.profiles.active=external", "--server.port=0",
          "--MINIFLOW_DB_URL=" + postgres.getJdbcUrl("postgres", "postgres"),
          "--MINIFLOW_DB_USER=postgres", "--MINIFLOW_DB_PASSWORD=",
          "--MINIFLOW_ZEEBE_GRPC_ADDRESS=http://127.0.0.1:" + gateway.port(),
          "--miniflow.data-dir=" + DATA, "--miniflow.admin.password=outage-pass-1")) {
        String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");

        HttpResponse<String> notReady = get(base + "/actuator/health/readiness");
        assertThat(notReady.statusCode()).isEqualTo(503);
        assertThat(component(get(base + "/actuator/health"), "engine")).isEqualTo("DOWN");
        assertThat(get(base + "/actuator/health/liveness").statusCode()).isEqualTo(200);

        engine = EmbeddedEngine.create(DATA.resolve("engine"), enginePort); // the engine the embedded default runs
        engine.start();
        gateway.restore();
        await().atMost(Duration.ofSeconds(60))
            .until(() -> get(base + "/actuator/health/readiness").statusCode() == 200);
        assertThat(component(get(base + "/actuator/health"), "engine")).isEqualTo("UP");

        // mid-run: a release waits for its review, another is live; more requests are about to come
        ApiClient admin = new ApiClient(base, "admin", "outage-pass-1");
        long workspaceId = admin.workspaceId();
        // the external profile has no exporter yet: the monitor says so instead of being silently empty
        HttpResponse<String> monitor = SessionClient.logIn(base, "admin", "outage-pass-1").http().send(
            HttpRequest.newBuilder(URI.create(base + "/monitor")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(monitor.statusCode()).isEqualTo(200);
        assertThat(monitor.body()).contains("no exporter brings")
            .contains("instances, their history and incidents are not shown");
        TransactionTemplate tx = app.getBean(TransactionTemplate.class);
        WorkspaceService workspaces = app.getBean(WorkspaceService.class);
        tx.executeWithoutResult(s -> {
          workspaces.createAccount("dev", "Dev", null, "dev-pass-123", "test");
          workspaces.createAccount("rev", "Rev", null, "rev-pass-123", "test");
          workspaces.createAccount("helper", "Helper", null, "helper-pass-1", "test");
          workspaces.addMember(workspaceId, "dev", Set.of(Role.DEVELOPER), "test");
          workspaces.addMember(workspaceId, "helper", Set.of(Role.DEVELOPER), "test");
          workspaces.addMember(workspaceId, "rev", Set.of(Role.REVIEWER), "test");
        });
        ApiClient developer = new ApiClient(base, "dev", "dev-pass-123");
        ApiClient reviewer = new ApiClient(base, "rev", "rev-pass-123");
        ApiClient helper = new ApiClient(base, "helper", "helper-pass-1");
        long targetApp = developer.defaultTargetAppId(workspaceId);
        // live in Test (no review), so its owners may ask for its removal
        long live = developer.createMiniProgram(workspaceId, "Live").id();
        long liveRelease = developer.post("/api/v1/releases", Map.of("versionId",
            developer.upload(live, "1.0.0", TestPackages.valid()).id(), "targetAppId", targetApp, "environment",
            "TEST"))
            .releaseId();
        long reviewed =
            developer.post("/api/v1/releases", Map.of("versionId", version(developer, workspaceId, "Reviewed"),
                "targetAppId", targetApp, "environment", "PRODUCTION")).releaseId();
        long task = Releases.awaitReviewTask(reviewer, reviewed);
        assertThat(reviewer.post("/api/v1/tasks/" + task + "/claim").status()).isEqualTo(200);
        Map<String, Object> newRelease = Map.of("versionId", version(developer, workspaceId, "Later"),
            "targetAppId", targetApp, "environment", "PRODUCTION");
        Map<String, Object> approve = Map.of("decision", "approve", "comment", "ok");
        String accessRequest = "/api/v1/mini-programs/" + live + "/access-requests";
        Map<String, Object> access = Map.of("scopes", List.of("ANALYTICS"), "days", 5,
            "justification", "Looking into the launch figures");
        Map<String, Object> removal = Map.of("miniProgramId", live, "targetAppId", targetApp, "environment", "TEST",
            "reason", "Closing the shop");
        Releases.awaitStatus(developer, liveRelease, "RELEASED");
        String changedProcess = Files.readString(Path.of("../bpmn/release.bpmn"))
            .replace("name=\"Notify operators\"", "name=\"Tell the operators\"");
        JdbcClient jdbc = app.getBean(JdbcClient.class);
        Map<String, String> before = await().atMost(Duration.ofSeconds(20)).until(() -> settled(jdbc), m -> m != null);

        gateway.cut();
        engineUnavailable(developer.post("/api/v1/releases", newRelease));
        engineUnavailable(reviewer.post("/api/v1/tasks/" + task + "/complete", approve));
        engineUnavailable(admin.postText("/api/v1/processes", MediaType.APPLICATION_XML, changedProcess));
        engineUnavailable(helper.post(accessRequest, access));
        engineUnavailable(developer.post("/api/v1/removals", removal));
        assertThat(tables(jdbc)).as("nothing changed").isEqualTo(before);
        assertThat(Releases.status(developer, reviewed)).isEqualTo("UNDER_REVIEW");
        assertThat(reviewer.get("/api/v1/tasks/" + task).body().at("/task/state").asText())
            .as("still open, still hers").isEqualTo("CLAIMED");

        // back: the client reconnects by itself; the same requests now work
        gateway.restore();
        Reply decided = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(500))
            .until(() -> reviewer.post("/api/v1/tasks/" + task + "/complete", approve), r -> r.status() != 503);
        assertThat(decided.status()).as(String.valueOf(decided.body())).isEqualTo(200);
        Releases.awaitStatus(developer, reviewed, "APPROVED");
        Reply requested = developer.post("/api/v1/releases", newRelease);
        assertThat(requested.status()).as(String.valueOf(requested.body())).isEqualTo(201);
        Releases.awaitReviewTask(reviewer, requested.releaseId());
        Reply deployed = admin.postText("/api/v1/processes", MediaType.APPLICATION_XML, changedProcess);
        assertThat(deployed.status()).as(String.valueOf(deployed.body())).isEqualTo(200);
        assertThat(deployed.body().get("changed").asBoolean()).isTrue();
        assertThat(helper.post(accessRequest, access).status()).isEqualTo(201);
        assertThat(developer.post("/api/v1/removals", removal).status()).isEqualTo(201);
      } finally {
        if (engine != null) {
          EmbeddedEngine.stop(engine);
        }
      }
    }
  }

  private static long version(ApiClient developer, long workspaceId, String name) {
    long miniProgram = developer.createMiniProgram(workspaceId, name).id();
    return developer.upload(miniProgram, "1.0.0", TestPackages.valid()).id();
  }

  /** An RFC 9457 problem saying that the workflow engine is not reachable. */
  private static void engineUnavailable(Reply reply) {
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(503);
    assertThat(reply.body().path("status").asInt()).isEqualTo(503);
    assertThat(reply.text("type")).isEqualTo("/problems/unavailable");
    assertThat(reply.text("title")).isEqualTo("Temporarily unavailable");
    assertThat(reply.text("detail")).contains("workflow engine is not reachable").contains("try again");
  }

  /** The tables' contents once the background steps are done (the same twice in a row), or null. */
  private static Map<String, String> settled(JdbcClient jdbc) throws InterruptedException {
    Map<String, String> first = tables(jdbc);
    Thread.sleep(300);
    return first.equals(tables(jdbc)) ? first : null;
  }

  private static Map<String, String> tables(JdbcClient jdbc) {
    Map<String, String> digests = new LinkedHashMap<>();
    for (String table : TABLES) {
      digests.put(table,
          jdbc.sql("select count(*) || ':' || md5(coalesce(string_agg(t::text, '|' order by t::text), ''))"
              + " from " + table + " t").query(String.class).single());
    }
    return digests;
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
