package dev.miniflow.security;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
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
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The bad-input corpus (src/test/resources/bad-input/cases.json): hostile packages, BPMN and
 * form uploads, API bodies and browser calls without a CSRF token. Each gets a clear 4xx whose
 * problem detail contains the case's phrase (what a user reads to know what was wrong), and
 * nothing it could have touched changes.
 */
@EmbeddedMiniflowTest
class BadInputTest {
  /** Callers by their role in the cases; "newcomer" is a developer who is not on the mini program. */
  final Map<String, String> users = new HashMap<>(Map.of("developer", "developer", "admin", "admin",
      "owner", "owner", "reviewer", "reviewer"));
  final Map<String, String> passwords = new HashMap<>();

  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;
  @Value("${miniflow.data-dir}") String dataDir;
  final HttpClient http = HttpClient.newHttpClient();
  final Map<String, String> placeholders = new HashMap<>();
  String base;

  @TestFactory
  Stream<DynamicTest> everyBadInputIsRefusedClearlyAndChangesNothing() throws IOException {
    base = "http://localhost:" + port;
    String newcomer = "newcomer-" + UUID.randomUUID().toString().substring(0, 8);
    users.put("newcomer", newcomer);
    users.values().forEach(u -> passwords.put(u, EmbeddedMiniflowTest.PASSWORD));
    passwords.put(newcomer, "newcomer-pass-1");
    tx.executeWithoutResult(s -> workspaces.createAccount(newcomer, "Newcomer", null, "newcomer-pass-1", "test"));
    long ws = TestWorkspaces.create(workspaces, tx, "Bad input", Map.of("developer", Set.of(Role.DEVELOPER),
        "admin", Set.of(Role.ADMIN), "reviewer", Set.of(Role.REVIEWER), "owner", Set.of(Role.PROCESS_OWNER),
        newcomer, Set.of(Role.DEVELOPER)));
    long otherWs = TestWorkspaces.create(workspaces, tx, "Elsewhere", Map.of("admin", Set.of(Role.ADMIN)));
    ApiClient developer = client("developer");
    long mp = developer.createMiniProgram(ws, "Target " + UUID.randomUUID().toString().substring(0, 8)).id();
    long version = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
    placeholders.putAll(Map.of("{ws}", String.valueOf(ws), "{mp}", String.valueOf(mp),
        "{version}", String.valueOf(version), "{app}", String.valueOf(developer.defaultTargetAppId(ws)),
        "{otherApp}", String.valueOf(client("admin").defaultTargetAppId(otherWs))));

    JsonNode cases;
    try (InputStream in = getClass().getResourceAsStream("/bad-input/cases.json")) {
      cases = new ObjectMapper().readTree(in);
    }
    assertThat(cases.size()).isGreaterThanOrEqualTo(50);
    List<String> withoutPhrase = new ArrayList<>();
    cases.forEach(c -> {
      if (c.path("detail").asText("").isBlank()) {
        withoutPhrase.add(c.get("id").asText());
      }
    });
    assertThat(withoutPhrase).as("cases that name no phrase their problem's detail must contain").isEmpty();
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases) {
      String id = c.get("id").asText();
      tests.add(dynamicTest(id + " → " + c.get("status").asInt(), () -> {
        Map<String, Long> before = state(ws, mp);
        Answer answer = send(c);
        assertThat(answer.status()).as(id + ": " + answer.body()).isEqualTo(c.get("status").asInt());
        JsonNode problem = problemOf(id, answer.body());
        String phrase = fill(c.get("detail").asText());
        assertThat(problem.path("detail").asText("")).as(id + ": the problem's detail in " + answer.body())
            .isNotBlank().contains(phrase);
        assertThat(state(ws, mp)).as("nothing changed").isEqualTo(before);
      }));
    }
    return tests.stream();
  }

  private static JsonNode problemOf(String id, String body) {
    try {
      return new ObjectMapper().readTree(body);
    } catch (IOException e) {
      throw new AssertionError(id + ": the answer is no problem document: " + body, e);
    }
  }

  record Answer(int status, String body) {}

  private Answer send(JsonNode c) throws Exception {
    String kind = c.get("kind").asText();
    if (kind.equals("upload")) {
      var reply = client(c.get("caller").asText()).upload(Long.parseLong(placeholders.get("{mp}")), "9.9.9", file(c));
      return new Answer(reply.status(), String.valueOf(reply.body()));
    }
    byte[] body = c.has("file") ? file(c) : c.has("generate") ? generate(c.get("generate").asText())
        : c.has("body") ? fill(c.get("body").asText()).getBytes(StandardCharsets.UTF_8) : null;
    HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(base + fill(c.get("path").asText())))
        .header("Accept", "application/json, application/problem+json")
        .method(c.get("method").asText(), body == null ? HttpRequest.BodyPublishers.noBody()
            : HttpRequest.BodyPublishers.ofByteArray(body));
    if (body != null) {
      request.header("Content-Type", c.get("contentType").asText());
    }
    HttpClient client = http;
    if (kind.equals("session")) {
      client = loggedIn(c.get("caller").asText());
    } else if (!c.path("caller").isNull() && c.has("caller")) {
      String user = users.get(c.get("caller").asText());
      request.header("Authorization", "Basic " + Base64.getEncoder()
          .encodeToString((user + ":" + passwords.get(user)).getBytes(StandardCharsets.UTF_8)));
    }
    HttpResponse<String> response = client.send(request.build(), HttpResponse.BodyHandlers.ofString());
    return new Answer(response.statusCode(), response.body());
  }

  /** A browser session: the login form with its CSRF token, then the session cookie only. */
  private HttpClient loggedIn(String caller) throws Exception {
    String user = users.get(caller);
    HttpClient browser = HttpClient.newBuilder().cookieHandler(new CookieManager())
        .followRedirects(HttpClient.Redirect.NEVER).build();
    String page = browser.send(HttpRequest.newBuilder(URI.create(base + "/login")).build(),
        HttpResponse.BodyHandlers.ofString()).body();
    Matcher token = Pattern.compile("name=\"_csrf\" value=\"([^\"]+)\"").matcher(page);
    assertThat(token.find()).as("the login form carries a CSRF token").isTrue();
    String form = "username=" + user + "&password=" + URLEncoder.encode(passwords.get(user), StandardCharsets.UTF_8)
        + "&_csrf=" + token.group(1);
    var login = browser.send(HttpRequest.newBuilder(URI.create(base + "/login"))
        .header("Content-Type", "application/x-www-form-urlencoded")
        .POST(HttpRequest.BodyPublishers.ofString(form)).build(), HttpResponse.BodyHandlers.ofString());
    assertThat(login.headers().firstValue("Location").orElse("")).doesNotContain("error");
    return browser;
  }

  /** What a refused request could have changed, counted. */
  private Map<String, Long> state(long ws, long mp) throws IOException {
    Map<String, Long> counts = new java.util.TreeMap<>();
    for (var query : Map.of(
        "mini programs", "select count(*) from mini_program where workspace_id = :ws",
        "versions", "select count(*) from app_version where mini_program_id = :mp",
        "releases", "select count(*) from release where workspace_id = :ws",
        "process versions", "select count(*) from process_definition",
        "form versions", "select count(*) from form_definition",
        "promotion codes", "select count(*) from promotion_code where workspace_id = :ws",
        "access requests", "select count(*) from access_grant where mini_program_id = :mp",
        "removals", "select count(*) from removal where workspace_id = :ws",
        "audit events", "select count(*) from audit_event where workspace_id = :ws or (workspace_id is null and actor = 'owner')",
        "mini program", "select count(*) from mini_program where id = :mp and description = 'A mini program for tests'").entrySet()) {
      counts.put(query.getKey(), jdbc.sql(query.getValue()).param("ws", ws).param("mp", mp).query(Long.class).single());
    }
    Path packages = Path.of(dataDir, "packages");
    try (var files = Files.walk(packages)) {
      counts.put("package files", files.filter(Files::isRegularFile).count());
    }
    return counts;
  }

  private ApiClient client(String caller) {
    return new ApiClient(base, users.get(caller), passwords.get(users.get(caller)));
  }

  private byte[] file(JsonNode c) throws IOException {
    try (InputStream in = getClass().getResourceAsStream("/bad-input/" + c.get("file").asText())) {
      if (in == null) {
        throw new IOException("No corpus file " + c.get("file").asText());
      }
      return in.readAllBytes();
    }
  }

  private String fill(String text) {
    String filled = text;
    for (var p : placeholders.entrySet()) {
      filled = filled.replace(p.getKey(), p.getValue());
    }
    return filled;
  }

  private static byte[] generate(String what) {
    return switch (what) {
      case "huge-bpmn" -> ("<?xml version=\"1.0\"?><bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">"
          + "<!--" + "x".repeat(3 * 1024 * 1024) + "--></bpmn:definitions>").getBytes(StandardCharsets.UTF_8);
      case "huge-form" -> ("{\"id\": \"huge\", \"components\": [], \"pad\": \"" + "x".repeat(300 * 1024) + "\"}")
          .getBytes(StandardCharsets.UTF_8);
      default -> throw new UncheckedIOException(new IOException("Unknown generator " + what));
    };
  }
}
