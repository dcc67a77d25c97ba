package dev.miniflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Endpoints;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;
import org.springframework.web.servlet.mvc.method.annotation.RequestMappingHandlerMapping;

/**
 * Every endpoint the application maps (read from its own request mappings, so a new endpoint is
 * in here the moment it exists), called by an anonymous caller and by a member of another
 * workspace holding every role there, with the ids of one workspace's objects. Nobody without an
 * account gets past login, except on the few public endpoints; nobody from another workspace
 * reads or changes anything. (Which role may do what inside a workspace: {@code PermissionMatrixTest}.)
 */
@EmbeddedMiniflowTest
class EndpointAccessTest {
  private static final Pattern VARIABLE = Pattern.compile("\\{(\\w+)}");
  /**
   * About the caller, not a workspace: an outsider gets their own (their workspaces, their tasks,
   * their inbox, their pages), or a platform process that holds no tenant data.
   */
  static final Set<String> CALLERS_OWN = Set.of(
      "GET /", "GET /api/v1/workspaces", "GET /api/v1/tasks", "GET /tasks", "GET /api/v1/notifications",
      "GET /inbox", "POST /api/v1/notifications/read", "GET /monitor", "GET /api/v1/monitor/instances",
      "GET /api/v1/monitor/incidents", "GET /processes", "GET /api/v1/processes", "GET /api/v1/forms",
      "POST /api/v1/processes/validate", "POST /api/v1/forms/validate", "GET /processes/forms/{formId}",
      "GET /releases", "GET /tasks/table", "GET /api/v1/me/requests", "GET /requests", "GET /tasks/events",
      "GET /api/v1/tasks/events", "GET /api/v1/me/delegations", "GET /tasks/out-of-office", "GET /api/v1/task-views",
      "GET /tasks/views", "PUT /api/v1/me/default-task-view", "GET /api/v1/monitor/batches",
      "GET /api/v1/monitor/batches/preview", "GET /monitor/batches", "GET /monitor/batches/preview",
      "GET /api/v1/me/tokens", "GET /tokens", "GET /api/v1/evidence-keys");

  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;
  @Autowired @Qualifier("requestMappingHandlerMapping") RequestMappingHandlerMapping mappings;

  record Endpoint(String method, String pattern) {
    String name() {
      return method + " " + pattern;
    }

    boolean api() {
      return pattern.startsWith("/api/");
    }
  }

  @TestFactory
  Stream<DynamicTest> noEndpointLetsAnonymousOrForeignCallersThrough() {
    String base = "http://localhost:" + port;
    String suffix = UUID.randomUUID().toString().substring(0, 8);
    String owner = "ea-owner-" + suffix;
    String outsider = "ea-outsider-" + suffix;
    long ws = tx.execute(s -> {
      long id = workspaces.createWorkspace("Endpoints " + suffix, "test");
      workspaces.createAccount(owner, owner, null, "endpoint-pass-1", "test");
      workspaces.addMember(id, owner, EnumSet.of(Role.ADMIN, Role.DEVELOPER, Role.OPERATOR, Role.PROCESS_OWNER),
          "test");
      long other = workspaces.createWorkspace("Foreign " + suffix, "test");
      workspaces.createAccount(outsider, outsider, null, "endpoint-pass-1", "test");
      workspaces.addMember(other, outsider, EnumSet.allOf(Role.class), "test");
      return id;
    });
    ApiClient api = new ApiClient(base, owner, "endpoint-pass-1");
    long mp = api.createMiniProgram(ws, "Endpoints " + suffix).id();
    long version = api.upload(mp, "1.0.0", TestPackages.valid()).id();
    long targetApp = api.defaultTargetAppId(ws);
    long release = api.post("/api/v1/releases", Map.of("versionId", version, "targetAppId", targetApp,
        "environment", "PRODUCTION")).releaseId();
    Releases.awaitStatus(api, release, "UNDER_REVIEW");
    long task = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(30)).until(() -> jdbc.sql(
        "select max(id) from user_task where process_id = 'release' and business_key = :r")
        .param("r", String.valueOf(release)).query(Long.class).optional().orElse(null), java.util.Objects::nonNull);
    var promotion = api.post("/api/v1/mini-programs/" + mp + "/promotion-codes", Map.of("targetAppId", targetApp,
        "pagePath", "pages/index/index"));
    assertThat(promotion.status()).as(String.valueOf(promotion.body())).isEqualTo(201);
    long code = promotion.body().get("code").get("id").asLong();

    // the workspace's own variant of a process: what another workspace must not see
    String releaseXml;
    try {
      releaseXml = java.nio.file.Files.readString(java.nio.file.Path.of("../bpmn/release.bpmn"));
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
    var variant =
        api.postText("/api/v1/processes?workspaceId=" + ws, org.springframework.http.MediaType.APPLICATION_XML,
            releaseXml.replace("name=\"Notify operators\"", "name=\"Notify our operators\""));
    assertThat(variant.status()).as(String.valueOf(variant.body())).isEqualTo(200);

    Map<String, String> ids = new LinkedHashMap<>();
    ids.put("bpmnProcessId", variant.text("bpmnProcessId"));
    ids.put("key", variant.body().get("key").asText());
    ids.put("workspaceId", String.valueOf(ws));
    ids.put("miniProgramId", String.valueOf(mp));
    ids.put("versionId", String.valueOf(version));
    ids.put("targetAppId", String.valueOf(targetApp));
    ids.put("username", owner);
    ids.put("figure", "cycle-times");
    // {id} by the collection it follows
    Map<String, String> byCollection = new LinkedHashMap<>();
    byCollection.put("mini-programs", String.valueOf(mp));
    byCollection.put("versions", String.valueOf(version));
    byCollection.put("releases", String.valueOf(release));
    byCollection.put("tasks", String.valueOf(task));
    byCollection.put("target-apps", String.valueOf(targetApp));
    byCollection.put("promotion-codes", String.valueOf(code));
    byCollection.put("workspaces", String.valueOf(ws));

    var names = Endpoints.of(mappings);
    assertThat(names).as("the application's endpoints").hasSizeGreaterThan(100);
    assertThat(names).as("every exemption names an endpoint that exists")
        .containsAll(Endpoints.PUBLIC).containsAll(CALLERS_OWN);

    List<DynamicTest> cells = new ArrayList<>();
    for (String name : names) {
      var endpoint = new Endpoint(name.substring(0, name.indexOf(' ')), name.substring(name.indexOf(' ') + 1));
      // request parameters an endpoint cannot do without, pointing at the same workspace's objects
      String path = fill(endpoint.pattern(), ids, byCollection)
          + (endpoint.name().equals("GET /releases/new") ? "?versionId=" + version : "");
      if (!Endpoints.PUBLIC.contains(endpoint.name())) {
        cells.add(dynamicTest(endpoint.name() + " anonymous → " + (endpoint.api() ? "401" : "login"), () -> {
          HttpResponse<String> answer = call(base + path, endpoint.method(), null);
          if (endpoint.api()) {
            assertThat(answer.statusCode()).as(answer.body()).isEqualTo(401);
          } else if (endpoint.method().equals("GET")) {
            assertThat(answer.statusCode()).isEqualTo(302);
            assertThat(answer.headers().firstValue("Location").orElse("")).endsWith("/login");
          } else {
            assertThat(answer.statusCode()).as("a change without a session and its CSRF token").isEqualTo(403);
          }
        }));
      }
      if (!Endpoints.PUBLIC.contains(endpoint.name()) && !CALLERS_OWN.contains(endpoint.name())) {
        cells.add(dynamicTest(endpoint.name() + " from another workspace → refused", () -> {
          HttpResponse<String> answer = call(base + path, endpoint.method(), outsider + ":endpoint-pass-1");
          if (endpoint.method().equals("GET")) {
            assertThat(answer.statusCode()).as(answer.body()).isIn(403, 404);
          } else {
            // a change is refused: not found, forbidden, or invalid before anything is looked up
            assertThat(answer.statusCode()).as(answer.body()).isBetween(400, 499).isNotEqualTo(401);
          }
        }));
      }
    }
    return cells.stream();
  }

  private static String fill(String pattern, Map<String, String> ids, Map<String, String> byCollection) {
    Matcher m = VARIABLE.matcher(pattern);
    StringBuilder path = new StringBuilder();
    while (m.find()) {
      String name = m.group(1);
      String value = ids.get(name);
      if (value == null && name.equals("id")) {
        String before = pattern.substring(0, m.start());
        String[] segments = before.split("/");
        value = byCollection.getOrDefault(segments[segments.length - 1], "1");
      }
      m.appendReplacement(path, Matcher.quoteReplacement(value == null ? "1" : value));
    }
    m.appendTail(path);
    return path.toString();
  }

  private static HttpResponse<String> call(String url, String method, String basic) {
    var request = HttpRequest.newBuilder(URI.create(url)).header("Content-Type", "application/json")
        .method(method, method.equals("GET") || method.equals("DELETE") ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofString("{}"));
    if (basic != null) {
      request.header("Authorization",
          "Basic " + Base64.getEncoder().encodeToString(basic.getBytes(StandardCharsets.UTF_8)));
    }
    try {
      return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString());
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
