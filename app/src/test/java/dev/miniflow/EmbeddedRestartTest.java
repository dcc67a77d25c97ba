package dev.miniflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.MiniflowProcess;
import dev.miniflow.testing.PartnerStub;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.util.FileSystemUtils;

/**
 * The embedded default keeps its data across a restart, and after a crash (SIGKILL, started again
 * at once, with its PostgreSQL still running) every process in flight goes on from the step its
 * records show, with exactly one open task per waiting item and no decision lost.
 */
class EmbeddedRestartTest {
  static final Path DATA = Path.of("target", "test-data", "restart");
  static final Path CRASH = Path.of("target", "test-data", "crash").toAbsolutePath();
  static final String PASSWORD = "restart-pass-1";
  static final List<String> PROCESSES = List.of("release", "authorization", "removal", "force-removal");

  @Test
  void dataSurvivesARestartAndDemoUsersAreCreatedOnlyOnce() throws Exception {
    FileSystemUtils.deleteRecursively(DATA);
    long miniProgramId;
    try (ConfigurableApplicationContext first = start()) {
      ApiClient developer = client(first);
      long ws = developer.workspaceId();
      miniProgramId = developer.createMiniProgram(ws, "Survivor").id();
      assertThat(developer.upload(miniProgramId, "1.0.0", TestPackages.valid()).status()).isEqualTo(201);
    }
    assertThat(Files.isDirectory(DATA.resolve("postgres"))).isTrue();

    try (ConfigurableApplicationContext second = start()) {
      ApiClient developer = client(second);
      assertThat(developer.get("/api/v1/mini-programs/" + miniProgramId).text("name")).isEqualTo("Survivor");
      assertThat(developer.get("/api/v1/mini-programs/" + miniProgramId + "/versions").body()).hasSize(1);
      assertThat(developer.get("/api/v1/workspaces").body()).hasSize(1);
      // the same package number again is still refused after the restart
      assertThat(developer.upload(miniProgramId, "1.0.0", TestPackages.valid()).status()).isEqualTo(422);
    }
  }

  /**
   * Miniflow in a JVM of its own on the embedded default, killed with SIGKILL while an item waits
   * at each step the recovery knows, and started again at once on the same data: its PostgreSQL,
   * left running by the dead JVM, is stopped first; then each item goes on from its step.
   */
  @Test
  void killedAndStartedAgainAtOnceEveryStepInFlightGoesOnWithOneOpenTaskEachAndNoDecisionLost()
      throws Exception {
    FileSystemUtils.deleteRecursively(CRASH);
    for (String run : List.of("first", "second")) {
      Files.deleteIfExists(log(run));
    }
    try (PartnerStub partner = new PartnerStub()) {
      partner.comeBack();
      MiniflowProcess first = crashable("first");
      Before before;
      ProcessHandle postmaster;
      try {
        before = inFlightAtEveryStep(first.awaitReady(Duration.ofMinutes(3)).baseUrl(), partner);
        postmaster = ProcessHandle.of(Long.parseLong(Files.readAllLines(CRASH.resolve("postgres/postmaster.pid"))
            .getFirst().strip())).orElseThrow();
      } catch (Exception | Error e) {
        first.close();
        throw e;
      }

      first.kill();
      assertThat(postmaster.isAlive()).as("the dead JVM's PostgreSQL still runs on its data").isTrue();
      partner.comeBack();
      // at once, as a supervisor restarts it
      try (MiniflowProcess second = crashable("second").awaitReady(Duration.ofMinutes(3))) {
        assertThat(postmaster.isAlive()).as("the orphan was stopped, not joined by a second server").isFalse();
        goesOnFromEachStep(second.baseUrl(), before);
      } finally {
        postmaster.destroy(); // if the start failed: leave no server behind
      }
    }
  }

  /** What was in flight when the first instance was killed. */
  record Before(long workspace, long underReview, long approved, long rollingOut, long asked, long granted,
      long expiring, long removalAtReview, long removalAtTakeOffline, long rectified, long finding,
      String grantExpiresAt, Instant findingDeadline, Instant deadlineSeen, Map<String, Map<String, JsonNode>> tasks) {}

  private static Before inFlightAtEveryStep(String base, PartnerStub partner) throws Exception {
    ApiClient developer = new ApiClient(base, "developer", PASSWORD);
    ApiClient reviewer = new ApiClient(base, "reviewer", PASSWORD);
    ApiClient operator = new ApiClient(base, "operator", PASSWORD);
    ApiClient inspector = new ApiClient(base, "inspector", PASSWORD);
    ApiClient admin = new ApiClient(base, "admin", PASSWORD);
    long ws = developer.workspaceId();
    Map<String, Long> apps = new HashMap<>();
    developer.get("/api/v1/workspaces/" + ws + "/target-apps").body()
        .forEach(a -> apps.put(a.get("code").asText(), a.get("id").asLong()));
    long own = apps.get("native");
    long partnerApp = apps.get("partner-wallet");
    assertThat(admin.put("/api/v1/target-apps/" + partnerApp, Map.of("connector", "http", "endpointUrl", partner.url(),
        "secret", "partner-secret-123")).status()).isEqualTo(200);

    // everything is asked for first, so the engine works on it side by side: releases (one to stay
    // under review, one approved waiting for its rollout, one whose rollout the partner will not take),
    // mini programs live in Development for the removals and findings, and access requests
    long underReview = release(developer, ws, own, "Waiting", "PRODUCTION");
    long approved = release(developer, ws, own, "Decided", "PRODUCTION");
    long rollingOut = release(developer, ws, partnerApp, "Rolling", "PRODUCTION");
    long closing = release(developer, ws, own, "Closing", "DEVELOPMENT");
    long offline = release(developer, ws, partnerApp, "Offline", "DEVELOPMENT");
    long warnedTwice = release(developer, ws, own, "Rectified", "DEVELOPMENT");
    long warned = release(developer, ws, own, "Warned", "DEVELOPMENT");
    // access: a request waiting for the mini program's admin, a running grant, and a short grant
    long asked = accessRequest(admin, miniProgramOf(developer, underReview), 30);
    long granted = accessRequest(admin, miniProgramOf(developer, approved), 30);
    long expiring = accessRequest(admin, miniProgramOf(developer, rollingOut), 1);
    for (long id : List.of(approved, rollingOut)) {
      complete(reviewer, awaitTask(admin, "release", id), "approve");
    }
    for (long id : List.of(granted, expiring)) {
      complete(developer, awaitTask(admin, "authorization", id), "approve");
    }
    for (long id : List.of(closing, offline, warnedTwice, warned)) {
      Releases.awaitStatus(developer, id, "RELEASED");
    }

    // findings: one whose rectification will wait for an inspector, one waiting for a rectification until its deadline
    long rectified = finding(inspector, miniProgramOf(developer, warnedTwice));
    long finding = finding(inspector, miniProgramOf(developer, warned));
    // removals: one under review, and one approved whose take-offline the partner (down now) does not take
    long removalAtReview = removal(developer, miniProgramOf(developer, closing), own);
    partner.goDown();
    long removalAtTakeOffline = removal(developer, miniProgramOf(developer, offline), partnerApp);
    complete(reviewer, awaitTask(admin, "removal", removalAtTakeOffline), "approve");

    for (long id : List.of(rectified, finding)) {
      await().atMost(Duration.ofSeconds(20)).until(() -> events(admin, ws, "removal", id).contains("removal.warned"));
    }
    assertThat(
        developer.post("/api/v1/removals/" + rectified + "/rectification", Map.of("note", "Renamed it")).status())
        .isEqualTo(200);
    long removalInstance =
        developer.get("/api/v1/removals/" + removalAtTakeOffline).body().get("processInstanceKey").asLong();
    // the partner said 503 to each try: the take-offline waits as an incident
    await().atMost(Duration.ofSeconds(30)).until(() -> incidentAt(admin, removalInstance), "TakeOffline"::equals);
    int partnerCalls = partner.calls();
    Releases.awaitStatus(developer, rollingOut, "APPROVED");
    assertThat(operator.post("/api/v1/releases/" + rollingOut + "/full").status()).isEqualTo(202);
    Releases.awaitStatus(developer, approved, "APPROVED");
    for (long id : List.of(granted, expiring)) {
      await().atMost(Duration.ofSeconds(20))
          .until(() -> admin.get("/api/v1/access-grants/" + id).text("expiresAt") != null);
    }
    awaitTask(admin, "authorization", asked);
    awaitTask(admin, "force-removal", rectified);
    Instant deadline = await().atMost(Duration.ofSeconds(20)).until(() -> deadline(admin, finding), d -> d != null);
    Instant deadlineSeen = Instant.now();
    await().atMost(Duration.ofSeconds(30)).until(() -> partner.calls() > partnerCalls);

    Map<String, Map<String, JsonNode>> tasks = openTasks(admin);
    assertThat(counts(tasks)).isEqualTo(expectedOpen(underReview, asked, removalAtReview, rectified));
    assertThat(Releases.status(developer, rollingOut)).isEqualTo("APPROVED");
    assertThat(developer.get("/api/v1/removals/" + removalAtTakeOffline).text("decidedBy")).isEqualTo("reviewer");
    assertThat(developer.get("/api/v1/removals/" + removalAtTakeOffline).text("status")).isEqualTo("UNDER_REVIEW");
    String expiresAt = admin.get("/api/v1/access-grants/" + granted).text("expiresAt");

    // the short grant: its day is made to end two seconds from now, so it passes while the app is
    // down (grants are asked for in whole days; the first JVM's timer still waits for the whole day)
    String port = Files.readAllLines(CRASH.resolve("postgres/postmaster.pid")).get(3).strip();
    try (var db = DriverManager.getConnection("jdbc:postgresql://localhost:" + port + "/postgres?user=postgres");
        var update = db.prepareStatement("update access_grant set starts_at = now() - interval '1 day' + interval"
            + " '2 seconds', expires_at = now() + interval '2 seconds' where id = ?")) {
      update.setLong(1, expiring);
      assertThat(update.executeUpdate()).isEqualTo(1);
    }
    return new Before(ws, underReview, approved, rollingOut, asked, granted, expiring, removalAtReview,
        removalAtTakeOffline, rectified, finding, expiresAt, deadline, deadlineSeen, tasks);
  }

  private static void goesOnFromEachStep(String base, Before before) throws Exception {
    ApiClient developer = new ApiClient(base, "developer", PASSWORD);
    ApiClient reviewer = new ApiClient(base, "reviewer", PASSWORD);
    ApiClient operator = new ApiClient(base, "operator", PASSWORD);
    ApiClient inspector = new ApiClient(base, "inspector", PASSWORD);
    ApiClient admin = new ApiClient(base, "admin", PASSWORD);
    long ws = before.workspace();

    // exactly one open task per item waiting for a person (never two, at any look), a new one, due when the old one was
    Map<String, Map<String, Integer>> expected = expectedOpen(before.underReview(), before.asked(),
        before.removalAtReview(), before.rectified());
    await().atMost(Duration.ofSeconds(30)).until(() -> counts(openTasks(admin)), expected::equals);
    Map<String, Map<String, JsonNode>> tasks = openTasks(admin);
    before.tasks().forEach((process, byKey) -> byKey.forEach((key, old) -> {
      JsonNode now = tasks.get(process).get(key);
      assertThat(now.get("id").asLong()).as(process + " " + key).isNotEqualTo(old.get("id").asLong());
      assertThat(now.path("dueAt").asText(null)).as(process + " " + key + " due")
          .isEqualTo(old.path("dueAt").asText(null));
      assertThat(admin.get("/api/v1/tasks/" + old.get("id").asLong()).body().at("/task/state").asText())
          .isEqualTo("CANCELED");
    }));
    assertThat(tasks.get("authorization").get(String.valueOf(before.asked())).path("dueAt").isTextual()).isTrue();
    // the rectification's author still may not review it
    assertThat(tasks.get("force-removal").get(String.valueOf(before.rectified())).get("excluded").toString())
        .contains("developer");

    // the running grant keeps its end, and its timers count the time it has left
    assertThat(admin.get("/api/v1/access-grants/" + before.granted()).text("status")).isEqualTo("ACTIVE");
    assertThat(admin.get("/api/v1/access-grants/" + before.granted()).text("expiresAt"))
        .isEqualTo(before.grantExpiresAt());
    long grantInstance =
        admin.get("/api/v1/access-grants/" + before.granted()).body().get("processInstanceKey").asLong();
    JsonNode detail =
        await().atMost(Duration.ofSeconds(20)).until(() -> admin.get("/api/v1/monitor/instances/" + grantInstance)
            .body(), d -> variable(d, "remindAfter") != null && variable(d, "expireAfter") != null);
    Instant timersEnd = Instant.parse(detail.at("/instance/startedAt").asText())
        .plus(Duration.parse(variable(detail, "remindAfter"))).plus(Duration.parse(variable(detail, "expireAfter")));
    assertThat(Duration.between(timersEnd, Instant.parse(before.grantExpiresAt())).abs())
        .isLessThan(Duration.ofSeconds(5));
    // the short grant's time ran out while the app was down: it ends now, without a task
    await().atMost(Duration.ofSeconds(30))
        .until(() -> admin.get("/api/v1/access-grants/" + before.expiring()).text("status")
            .equals("EXPIRED"));
    assertThat(events(admin, ws, "grant", before.expiring())).contains("grant.recovered", "grant.expired");

    // the finding's deadline is the one it had (counted from the finding, a moment before the warning
    // that first set it), not a new one counted from the restart
    Instant deadline =
        await().atMost(Duration.ofSeconds(20)).until(() -> deadline(admin, before.finding()), d -> d != null);
    assertThat(Duration.between(before.deadlineSeen(), Instant.now()))
        .as("a deadline counted from the restart is this much later")
        .isGreaterThan(Duration.ofSeconds(10));
    assertThat(deadline).isBetween(before.findingDeadline().minusSeconds(30), before.findingDeadline().plusSeconds(1));

    // decisions taken before the crash stay taken
    assertThat(Releases.status(developer, before.approved())).isEqualTo("APPROVED");
    assertThat(events(admin, ws, "release", before.approved())).containsOnlyOnce("release.approved")
        .contains("release.recovered");
    assertThat(events(admin, ws, "removal", before.removalAtTakeOffline())).containsOnlyOnce("removal.approved");

    // and every item goes on to its end: the decisions first, then what follows them
    complete(reviewer, tasks.get("release").get(String.valueOf(before.underReview())).get("id").asLong(), "approve");
    complete(developer, tasks.get("authorization").get(String.valueOf(before.asked())).get("id").asLong(), "approve");
    complete(reviewer, tasks.get("removal").get(String.valueOf(before.removalAtReview())).get("id").asLong(),
        "approve");
    complete(inspector, tasks.get("force-removal").get(String.valueOf(before.rectified())).get("id").asLong(),
        "accept");
    assertThat(
        developer.post("/api/v1/removals/" + before.finding() + "/rectification", Map.of("note", "Fixed the name"))
            .status())
        .isEqualTo(200);
    assertThat(
        developer.post("/api/v1/access-grants/" + before.granted() + "/revoke", Map.of("reason", "done")).status())
        .isEqualTo(200);
    assertThat(operator.post("/api/v1/releases/" + before.approved() + "/full").status()).isEqualTo(202);
    Releases.awaitStatus(developer, before.underReview(), "APPROVED");
    assertThat(operator.post("/api/v1/releases/" + before.underReview() + "/full").status()).isEqualTo(202);
    complete(inspector, awaitTask(admin, "force-removal", before.finding()), "accept");

    for (long id : List.of(before.underReview(), before.approved(), before.rollingOut())) {
      Releases.awaitStatus(developer, id, "RELEASED");
      assertThat(events(admin, ws, "release", id)).as("release " + id).containsOnlyOnce("release.approved")
          .containsOnlyOnce("release.released");
    }
    await().atMost(Duration.ofSeconds(20))
        .until(() -> admin.get("/api/v1/access-grants/" + before.asked()).text("status")
            .equals("ACTIVE"));
    await().atMost(Duration.ofSeconds(20)).until(() -> Releases.inboxSubjects(admin).contains("Access revoked"));
    for (long id : List.of(before.removalAtReview(), before.removalAtTakeOffline())) {
      await().atMost(Duration.ofSeconds(30))
          .until(() -> developer.get("/api/v1/removals/" + id).text("status").equals("REMOVED"));
    }
    for (long id : List.of(before.rectified(), before.finding())) {
      await().atMost(Duration.ofSeconds(30))
          .until(() -> developer.get("/api/v1/removals/" + id).text("status").equals("RESOLVED"));
    }
    assertThat(counts(openTasks(admin))).isEmpty();
  }

  private static Map<String, Map<String, Integer>> expectedOpen(long release, long access, long removal,
      long rectified) {
    return Map.of("release", Map.of(String.valueOf(release), 1), "authorization", Map.of(String.valueOf(access), 1),
        "removal", Map.of(String.valueOf(removal), 1), "force-removal", Map.of(String.valueOf(rectified), 1));
  }

  /** Every open task of the workspace (an admin's ALL queue), by process and business key. */
  private static Map<String, Map<String, JsonNode>> openTasks(ApiClient admin) {
    Map<String, Map<String, List<JsonNode>>> all = new TreeMap<>();
    for (String process : PROCESSES) {
      for (int page = 0;; page++) {
        JsonNode tasks = admin.get("/api/v1/tasks?queue=ALL&process=" + process + "&page=" + page).body();
        if (tasks.isEmpty()) {
          break;
        }
        tasks.forEach(t -> all.computeIfAbsent(process, p -> new TreeMap<>())
            .computeIfAbsent(t.get("businessKey").asText(), k -> new ArrayList<>()).add(t));
      }
    }
    Map<String, Map<String, JsonNode>> one = new TreeMap<>();
    all.forEach((process, byKey) -> byKey.forEach((key, tasks) -> {
      assertThat(tasks).as("open " + process + " tasks of " + key).hasSize(1);
      one.computeIfAbsent(process, p -> new TreeMap<>()).put(key, tasks.getFirst());
    }));
    return one;
  }

  private static Map<String, Map<String, Integer>> counts(Map<String, Map<String, JsonNode>> tasks) {
    Map<String, Map<String, Integer>> counts = new TreeMap<>();
    tasks.forEach((process, byKey) -> byKey.keySet()
        .forEach(key -> counts.computeIfAbsent(process, p -> new TreeMap<>()).merge(key, 1, Integer::sum)));
    return counts;
  }

  private static long awaitTask(ApiClient admin, String process, long businessKey) {
    // after a restart every recovered item moves at once: on a loaded 2-core machine a task can take a while
    return await().atMost(Duration.ofSeconds(60)).until(() -> {
      for (JsonNode t : admin.get("/api/v1/tasks?queue=ALL&process=" + process).body()) {
        if (t.path("businessKey").asText().equals(String.valueOf(businessKey))) {
          return t.get("id").asLong();
        }
      }
      return null;
    }, id -> id != null);
  }

  private static void complete(ApiClient decider, long taskId, String decision) {
    ApiClient.Reply done = decider.post("/api/v1/tasks/" + taskId + "/complete", Map.of("decision", decision,
        "comment", "Decided in " + EmbeddedRestartTest.class.getSimpleName()));
    assertThat(done.status()).as(String.valueOf(done.body())).isEqualTo(200);
  }

  private static long release(ApiClient developer, long ws, long app, String name, String environment) {
    long mp = developer.createMiniProgram(ws, name).id();
    long version = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
    ApiClient.Reply reply = developer.post("/api/v1/releases", Map.of("versionId", version, "targetAppId", app,
        "environment", environment));
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
    return reply.releaseId();
  }

  private static long miniProgramOf(ApiClient client, long release) {
    return client.get("/api/v1/releases/" + release).body().get("miniProgramId").asLong();
  }

  private static long removal(ApiClient developer, long miniProgram, long app) {
    ApiClient.Reply reply = developer.post("/api/v1/removals", Map.of("miniProgramId", miniProgram, "targetAppId", app,
        "environment", "DEVELOPMENT", "reason", "We are closing this one"));
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
    return reply.id();
  }

  /** A minor finding on the mini program: its owners are warned and get a deadline. */
  private static long finding(ApiClient inspector, long miniProgram) {
    ApiClient.Reply reply = inspector.post("/api/v1/force-removals", Map.of("miniProgramId", miniProgram,
        "rule", "4.2 no misleading names", "evidence", "Name says official", "severity", "MINOR"));
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
    return reply.id();
  }

  private static long accessRequest(ApiClient requester, long miniProgramId, int days) {
    ApiClient.Reply reply = requester.post("/api/v1/mini-programs/" + miniProgramId + "/access-requests",
        Map.of("scopes", List.of("ANALYTICS"), "days", days, "justification", "Quarterly numbers"));
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(201);
    return reply.id();
  }

  /** The audit actions recorded for one subject of the workspace, oldest first. */
  private static List<String> events(ApiClient admin, long ws, String subjectType, long id) {
    List<String> actions = new ArrayList<>();
    admin.get("/api/v1/workspaces/" + ws + "/audit?subjectType=" + subjectType + "&limit=1000").body().forEach(e -> {
      if (String.valueOf(id).equals(e.get("subjectId").asText())) {
        actions.addFirst(e.get("action").asText());
      }
    });
    return actions;
  }

  /** The element of the instance's open incident, if it has one. */
  private static String incidentAt(ApiClient admin, long instance) {
    for (JsonNode incident : admin.get("/api/v1/monitor/incidents").body()) {
      if (incident.get("processInstanceKey").asLong() == instance) {
        return incident.get("elementId").asText();
      }
    }
    return null;
  }

  /** The rectification deadline the finding's process instance waits for, as the monitor shows it. */
  private static Instant deadline(ApiClient admin, long removalId) {
    long instance = admin.get("/api/v1/removals/" + removalId).body().get("processInstanceKey").asLong();
    String value = variable(admin.get("/api/v1/monitor/instances/" + instance).body(), "deadline");
    return value == null ? null : ZonedDateTime.parse(value, DateTimeFormatter.ISO_DATE_TIME).toInstant();
  }

  /** A variable of a monitored instance, its JSON string quotes taken off; null if it has none. */
  private static String variable(JsonNode detail, String name) {
    for (JsonNode v : detail.path("variables")) {
      if (v.get("name").asText().equals(name)) {
        return v.get("value").asText().replaceAll("^\"|\"$", "");
      }
    }
    return null;
  }

  private static Path log(String run) {
    return CRASH.resolveSibling("crash-" + run + ".log");
  }

  /** Miniflow on the embedded default in a JVM of its own, on the crash test's data directory. */
  private static MiniflowProcess crashable(String name) {
    return MiniflowProcess.embedded(log(name), CRASH, PASSWORD, Map.of("miniflow.partner.retry-backoff", "PT1S"));
  }

  private static ConfigurableApplicationContext start() {
    // an app of its own, outside Spring's test context: the cached one (and its engine) goes first
    dev.miniflow.testing.OneEngineAtATime.closeCachedContext();
    return new SpringApplicationBuilder(MiniflowApplication.class).run(
        "--server.port=0", "--miniflow.data-dir=" + DATA, "--miniflow.demo.password=" + PASSWORD,
        "--miniflow.passwords.bcrypt-strength=4");
  }

  private static ApiClient client(ConfigurableApplicationContext context) {
    String port = context.getEnvironment().getProperty("local.server.port");
    return new ApiClient("http://localhost:" + port, "developer", PASSWORD);
  }
}
