package dev.miniflow.security;

import dev.miniflow.engine.EngineFeedCatchUp;
import dev.miniflow.engine.embedded.EmbeddedInfrastructure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.intent.MessageIntent;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.MessageRecordValue;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceCreationRecordValue;
import io.camunda.zeebe.protocol.record.value.deployment.DecisionRecordValue;
import io.camunda.zeebe.protocol.record.value.deployment.FormMetadataValue;
import io.camunda.zeebe.protocol.record.value.deployment.ProcessMetadataValue;
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
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.ApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The bad-input corpus (src/test/resources/bad-input/cases.json): hostile packages, BPMN and
 * form uploads, API bodies and browser calls without a CSRF token. Each gets a clear 4xx whose
 * problem detail contains the case's phrase (what a user reads to know what was wrong), and
 * nothing it could have touched changes: the content of every table (the rows of this test's
 * workspaces, all rows of the platform-wide tables), the stored packages and what the engine was
 * told (deployments, instances started, messages, cancellations) are the same right after the
 * answer and again after a short wait for asynchronous effects.
 */
@EmbeddedMiniflowTest
class BadInputTest {
  /**
   * Tables the fingerprint leaves out, each with the reason. Every other table of the schema is
   * in {@link #ROWS}; a table in neither fails the test, so a new table is never silently skipped.
   */
  static final Map<String, String> NOT_FINGERPRINTED = Map.of(
      "databasechangelog", "Liquibase's record of the change sets applied at start-up, not application data",
      "databasechangeloglock", "Liquibase's lock row, not application data",
      "exporter_position",
      "how far the projection read the engine's log: moves with every record the engine writes, whatever the request did",
      "spring_session", "the browser cases' session: every request it makes, refused or not, moves its last "
          + "access and expiry time (the CSRF cases log in before the 'before' fingerprint)",
      "audit_chain",
      "the audit trail's seals, written after commit by the sealer (audit_event itself is fingerprinted)",
      "audit_chain_head", "the sealer's bookkeeping of where each chain ends",
      "audit_unsealed",
      "the entries the sealer has yet to seal: it takes them away as it runs, whatever the request did",
      "audit_checkpoint", "signed checkpoints of the chains, made by the sealer as time passes",
      "spring_session_attributes",
      "that session's attributes (security context, CSRF token), rewritten with the session");

  /**
   * Which rows of each table are fingerprinted. Other test classes share this context and leave
   * processes running in their own workspaces (partner retries, timers, open tasks), whose rows may
   * change while this test runs; rows of this test's two fresh workspaces (and of what belongs to
   * them) change only through this test's requests. Platform-wide tables are read whole.
   */
  static final Map<String, String> ROWS = Map.ofEntries(
      Map.entry("app_user", ""),
      Map.entry("access_token", ""),
      Map.entry("evidence_key", ""),
      Map.entry("webhook", "where workspace_id in (:ws)"),
      Map.entry("webhook_delivery", "where webhook_id in (select id from webhook where workspace_id in (:ws))"),
      Map.entry("workspace", ""),
      Map.entry("platform_member", ""),
      Map.entry("process_definition", ""),
      Map.entry("form_definition", ""),
      Map.entry("workspace_member", "where workspace_id in (:ws)"),
      Map.entry("invitation", "where workspace_id in (:ws)"),
      Map.entry("workspace_block", "where workspace_id in (:ws)"),
      Map.entry("mini_program", "where workspace_id in (:ws)"),
      Map.entry("mini_program_member",
          "where mini_program_id in (select id from mini_program where workspace_id in (:ws))"),
      Map.entry("app_version", "where mini_program_id in (select id from mini_program where workspace_id in (:ws))"),
      Map.entry("mini_program_text",
          "where mini_program_id in (select id from mini_program where workspace_id in (:ws))"),
      Map.entry("server_domain", "where mini_program_id in (select id from mini_program where workspace_id in (:ws))"),
      Map.entry("listing_block", "where mini_program_id in (select id from mini_program where workspace_id in (:ws))"),
      Map.entry("target_app", "where workspace_id in (:ws)"),
      Map.entry("capability", "where target_app_id in (select id from target_app where workspace_id in (:ws))"),
      Map.entry("capability_grant", "where workspace_id in (:ws)"),
      Map.entry("listing_change", "where workspace_id in (:ws)"),
      Map.entry("listing_rule_set", "where target_app_id in (select id from target_app where workspace_id in (:ws))"),
      Map.entry("partner_publication",
          "where target_app_id in (select id from target_app where workspace_id in (:ws))"),
      Map.entry("release", "where workspace_id in (:ws)"),
      Map.entry("release_expedite", "where workspace_id in (:ws)"),
      Map.entry("release_phase_plan", "where workspace_id in (:ws)"),
      Map.entry("release_rollout_receipt", "where release_id in (select id from release where workspace_id in (:ws))"),
      Map.entry("batch_operation_item", "where workspace_id in (:ws)"),
      Map.entry("listing_freeze", "where workspace_id in (:ws)"),
      Map.entry("listing_freeze_removal",
          "where freeze_id in (select id from listing_freeze where workspace_id in (:ws))"),
      Map.entry("batch_operation",
          "where id in (select batch_id from batch_operation_item where workspace_id in (:ws))"),
      Map.entry("access_grant", "where workspace_id in (:ws)"),
      Map.entry("removal", "where workspace_id in (:ws)"),
      Map.entry("promotion_code", "where workspace_id in (:ws)"),
      Map.entry("preview_code", "where workspace_id in (:ws)"),
      Map.entry("user_task", "where workspace_id in (:ws)"),
      Map.entry("task_candidate", "where task_id in (select id from user_task where workspace_id in (:ws))"),
      Map.entry("task_comment", "where task_id in (select id from user_task where workspace_id in (:ws))"),
      Map.entry("task_rejection", "where task_id in (select id from user_task where workspace_id in (:ws))"),
      Map.entry("task_recheck", "where task_id in (select id from user_task where workspace_id in (:ws))"),
      Map.entry("task_delegation", "where workspace_id in (:ws)"),
      Map.entry("task_delegation_offer",
          "where task_id in (select id from user_task where workspace_id in (:ws))"),
      Map.entry("task_view", "where workspace_id in (:ws)"),
      Map.entry("task_view_default", ""),
      Map.entry("rejection_reason", "where workspace_id in (:ws)"),
      Map.entry("task_sla", "where workspace_id in (:ws)"),
      Map.entry("notification", "where workspace_id in (:ws)"),
      // account-level entries (failed logins of unknown names, lockouts, accounts created) have no workspace
      Map.entry("audit_event", "where workspace_id in (:ws) or workspace_id is null"),
      Map.entry("instance_workspace", "where workspace_id in (:ws)"),
      Map.entry("step_time_day", "where workspace_id in (:ws)"),
      Map.entry("process_instance",
          "where process_instance_key in (select process_instance_key from instance_workspace where workspace_id in (:ws))"),
      Map.entry("element_instance",
          "where process_instance_key in (select process_instance_key from instance_workspace where workspace_id in (:ws))"),
      Map.entry("incident",
          "where process_instance_key in (select process_instance_key from instance_workspace where workspace_id in (:ws))"),
      Map.entry("job",
          "where process_instance_key in (select process_instance_key from instance_workspace where workspace_id in (:ws))"),
      Map.entry("instance_variable",
          "where process_instance_key in (select process_instance_key from instance_workspace where workspace_id in (:ws))"));

  /**
   * The pause before the second look: long enough for a job worker to take a job the request may
   * have caused (the client streams jobs) and commit, or for a listener after commit. The engine
   * record feed is not waited for: each look first projects every record written so far.
   */
  static final long ASYNC_WAIT_MS = 300;

  /** Callers by their role in the cases; "newcomer" is a developer who is not on the mini program. */
  final Map<String, String> users = new HashMap<>(Map.of("developer", "developer", "admin", "admin",
      "owner", "owner", "reviewer", "reviewer"));
  final Map<String, String> passwords = new HashMap<>();

  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;
  @Autowired ApplicationContext context;
  @Autowired @Qualifier(EmbeddedInfrastructure.ENGINE_BEAN) ZeebeTestEngine engine;
  @Value("${miniflow.data-dir}") String dataDir;
  final HttpClient http = HttpClient.newHttpClient();
  final Map<String, String> placeholders = new HashMap<>();
  final ObjectMapper json = new ObjectMapper();
  /** What the engine was told so far, read from its record stream incrementally. */
  final List<String> engineEvents = new ArrayList<>();
  int engineRecordsSeen;
  String fingerprintSql;
  List<Long> testWorkspaces;
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
    // a release waiting for its review (its process settled there), for the release operations' cases
    long release = developer.post("/api/v1/releases", Map.of("versionId", developer.upload(mp, "1.0.1",
        TestPackages.valid()).id(), "targetAppId", developer.defaultTargetAppId(ws), "environment", "PRODUCTION"))
        .releaseId();
    Releases.awaitReviewTask(client("reviewer"), release);
    placeholders.putAll(Map.of("{ws}", String.valueOf(ws), "{mp}", String.valueOf(mp),
        "{version}", String.valueOf(version), "{app}", String.valueOf(developer.defaultTargetAppId(ws)),
        "{otherApp}", String.valueOf(client("admin").defaultTargetAppId(otherWs)), "{release}",
        String.valueOf(release)));

    testWorkspaces = List.of(ws, otherWs);
    fingerprintSql = fingerprintQuery();

    JsonNode cases;
    try (InputStream in = getClass().getResourceAsStream("/bad-input/cases.json")) {
      cases = json.readTree(in);
    }
    assertThat(cases.size()).isGreaterThanOrEqualTo(50);
    List<String> withoutPhrase = new ArrayList<>();
    cases.forEach(c -> {
      if (c.path("detail").asText("").isBlank()) {
        withoutPhrase.add(c.get("id").asText());
      }
    });
    assertThat(withoutPhrase).as("cases that name no phrase their problem's detail must contain").isEmpty();

    State[] last = {state()};
    List<DynamicTest> tests = new ArrayList<>();
    for (JsonNode c : cases) {
      String id = c.get("id").asText();
      tests.add(dynamicTest(id + " → " + c.get("status").asInt(), () -> {
        HttpClient session = c.get("kind").asText().equals("session") ? loggedIn(c.get("caller").asText()) : null;
        State before = session == null ? last[0] : state(); // the login is not the bad request
        Answer answer;
        State right;
        State later;
        try {
          answer = send(c, session);
        } finally {
          right = state();
          Thread.sleep(ASYNC_WAIT_MS);
          later = state();
          last[0] = later; // the next case starts from here, whatever this one did
        }

        assertThat(answer.status()).as(id + ": " + answer.body()).isEqualTo(c.get("status").asInt());
        JsonNode problem = problemOf(id, answer.body());
        String phrase = fill(c.get("detail").asText());
        assertThat(problem.path("detail").asText("")).as(id + ": the problem's detail in " + answer.body())
            .isNotBlank().contains(phrase);
        assertThat(changes(before, right)).as(id + ": what changed right after the answer").isEmpty();
        assertThat(changes(before, later)).as(id + ": what changed " + ASYNC_WAIT_MS + " ms after the answer")
            .isEmpty();
      }));
    }
    return tests.stream();
  }

  private JsonNode problemOf(String id, String body) {
    try {
      return json.readTree(body);
    } catch (IOException e) {
      throw new AssertionError(id + ": the answer is no problem document: " + body, e);
    }
  }

  /** What could have changed: table contents, the stored packages, what the engine was told. */
  record State(Map<String, String> tables, List<String> packages, int engineEvents) {}

  private State state() throws IOException {
    EngineFeedCatchUp.now(context); // the monitor's tables show every engine record written so far
    Map<String, String> tables = new TreeMap<>();
    jdbc.sql(fingerprintSql).param("ws", testWorkspaces)
        .query((rs, n) -> tables.put(rs.getString(1), rs.getString(2))).list();
    List<String> packages;
    Path root = Path.of(dataDir, "packages");
    try (var files = Files.walk(root)) {
      packages = files.filter(Files::isRegularFile).map(f -> {
        try {
          return root.relativize(f) + " " + Files.size(f);
        } catch (IOException e) {
          throw new UncheckedIOException(e);
        }
      }).sorted().toList();
    }
    return new State(tables, packages, readEngine());
  }

  /** One query for all tables: per table its row count and an md5 over the md5 of every row's full text. */
  private String fingerprintQuery() {
    Set<String> tables = new TreeSet<>(jdbc.sql("""
            select table_name from information_schema.tables
            where table_schema = 'public' and table_type = 'BASE TABLE'""").query(String.class).list());
    Set<String> unclassified = new TreeSet<>(tables);
    unclassified.removeAll(ROWS.keySet());
    unclassified.removeAll(NOT_FINGERPRINTED.keySet());
    assertThat(unclassified).as("tables neither fingerprinted (ROWS) nor left out with a reason (NOT_FINGERPRINTED)")
        .isEmpty();
    assertThat(tables).as("every table the fingerprint reads exists").containsAll(ROWS.keySet());
    return ROWS.entrySet().stream().sorted(Map.Entry.comparingByKey())
        .map(t -> "select '" + t.getKey()
            + "', (select count(*) || ' rows, md5 ' || coalesce(md5(string_agg(h, ',' order by h)), '-')"
            + " from (select md5(x::text) h from " + t.getKey() + " x " + t.getValue() + ") r)")
        .collect(Collectors.joining("\nunion all "));
  }

  /**
   * Reads the engine's records written since the last call and keeps what Miniflow told it:
   * deployments (processes, forms, decisions, deletions), instances created, messages published,
   * instances canceled. Other classes' leftover instances only work through their jobs and timers,
   * which never produce these.
   */
  @SuppressWarnings("unchecked")
  private int readEngine() {
    List<Record<?>> records = (List<Record<?>>) engine.getRecordStreamSource().getRecords();
    int end = records.size();
    for (; engineRecordsSeen < end; engineRecordsSeen++) {
      String told = told(records.get(engineRecordsSeen));
      if (told != null) {
        engineEvents.add(told);
      }
    }
    return engineEvents.size();
  }

  private static String told(Record<?> r) {
    boolean event = r.getRecordType() == RecordType.EVENT;
    return switch (r.getValueType()) {
      case DEPLOYMENT, DECISION_REQUIREMENTS, RESOURCE, RESOURCE_DELETION, PROCESS_INSTANCE_MODIFICATION,
          PROCESS_INSTANCE_MIGRATION, SIGNAL ->
        event ? r.getValueType() + " " + r.getIntent() + " " + r.getKey() : null;
      case PROCESS -> event && r.getValue() instanceof ProcessMetadataValue p
          ? "process " + p.getBpmnProcessId() + " v" + p.getVersion() + " " + r.getIntent() + " (" + p.getResourceName()
              + ")"
          : null;
      case FORM -> event && r.getValue() instanceof FormMetadataValue f
          ? "form " + f.getFormId() + " v" + f.getVersion() + " " + r.getIntent() : null;
      case DECISION -> event && r.getValue() instanceof DecisionRecordValue d
          ? "decision " + d.getDecisionId() + " v" + d.getVersion() + " " + r.getIntent() : null;
      case PROCESS_INSTANCE_CREATION -> event && r.getValue() instanceof ProcessInstanceCreationRecordValue c
          ? "instance of " + c.getBpmnProcessId() + " v" + c.getVersion() + " " + r.getIntent() : null;
      case MESSAGE -> event && r.getIntent() == MessageIntent.PUBLISHED && r.getValue() instanceof MessageRecordValue m
          ? "message " + m.getName() + " for " + m.getCorrelationKey() + " published" : null;
      case PROCESS_INSTANCE -> r.getRecordType() == RecordType.COMMAND && r.getIntent() == ProcessInstanceIntent.CANCEL
          ? "cancel of instance " + r.getKey() + " asked" : null;
      default -> null;
    };
  }

  /** What differs between two states, readably: tables, packages, and what the engine was told in between. */
  private String changes(State before, State after) {
    List<String> changed = new ArrayList<>();
    before.tables().forEach((table, was) -> {
      if (!was.equals(after.tables().get(table))) {
        changed.add("table " + table + ": " + was + " → " + after.tables().get(table));
      }
    });
    if (!before.packages().equals(after.packages())) {
      Set<String> added = new TreeSet<>(after.packages());
      added.removeAll(before.packages());
      Set<String> gone = new TreeSet<>(before.packages());
      gone.removeAll(after.packages());
      changed.add("package files: added " + added + ", gone " + gone);
    }
    if (after.engineEvents() != before.engineEvents()) {
      changed.add("the engine was told: " + engineEvents.subList(before.engineEvents(), after.engineEvents()));
    }
    return String.join("\n", changed);
  }

  record Answer(int status, String body) {}

  private Answer send(JsonNode c, HttpClient session) throws Exception {
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
      client = session;
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
      case "huge-bpmn" ->
        ("<?xml version=\"1.0\"?><bpmn:definitions xmlns:bpmn=\"http://www.omg.org/spec/BPMN/20100524/MODEL\">"
            + "<!--" + "x".repeat(3 * 1024 * 1024) + "--></bpmn:definitions>").getBytes(StandardCharsets.UTF_8);
      case "huge-form" -> ("{\"id\": \"huge\", \"components\": [], \"pad\": \"" + "x".repeat(300 * 1024) + "\"}")
          .getBytes(StandardCharsets.UTF_8);
      default -> throw new UncheckedIOException(new IOException("Unknown generator " + what));
    };
  }
}
