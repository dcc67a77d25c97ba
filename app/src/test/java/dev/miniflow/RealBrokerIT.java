package dev.miniflow;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static dev.miniflow.testing.ExternalMiniflow.openReviewTasks;
import static dev.miniflow.testing.ExternalMiniflow.status;

import com.github.tomakehurst.wiremock.WireMockServer;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.Concurrently;
import dev.miniflow.testing.ExternalMiniflow;
import dev.miniflow.testing.MiniflowProcess;
import dev.miniflow.testing.PartnerJournal;
import dev.miniflow.testing.SessionClient;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.ZeebeBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * The external profile against the real Zeebe broker distribution (from Maven Central, started
 * as its own process) and a real PostgreSQL server, with Miniflow in a JVM of its own: it is
 * killed mid-load while review tasks are open and publications to a partner that is down are
 * being retried, then started again. Every release completes, once; no task is duplicated, no
 * decision lost. Then a burst meets the broker's backpressure, and no request fails for it; then
 * the database is unavailable for a while.
 */
class RealBrokerIT {
  static final Path DIR = Path.of("target", "real-broker");
  static final String DROPPED = "zeebe_dropped_request_count_total";
  /** Commands Miniflow itself sent again after the broker refused them (EngineCommands). */
  static final String RESENT = "miniflow_engine_backpressure_retries_total";
  /** Jobs the broker saw failed, by type (the broker's own metric: readable while PostgreSQL is down). */
  static final String BROKER_JOBS = "zeebe_job_events_total";
  /** Jobs Miniflow's workers activated, completed and failed, by type (the Camunda client's metric). */
  static final String WORKER_JOBS = "camunda_job_invocations_total";
  static final String ROLL_OUT = "type=\"release.roll-out\"";
  static final String FAILED = "action=\"failed\"";
  /** How long the partner takes to answer while PostgreSQL is cut: longer than it takes to cut it. */
  static final Duration SLOW_PARTNER = Duration.ofSeconds(5);

  static ZeebeBroker broker;
  static EmbeddedPostgres postgres;
  static WireMockServer partner;
  static JdbcClient db;

  @BeforeAll
  static void infrastructure() throws Exception {
    assertThat(ZeebeBroker.available()).as("the build unpacks the broker distribution into target/zeebe").isTrue();
    FileSystemUtils.deleteRecursively(DIR);
    // PostgreSQL and the partner take their ports before the broker's are chosen
    postgres = EmbeddedPostgres.builder().setDataDirectory(DIR.resolve("postgres")).start();
    partner = new WireMockServer(wireMockConfig().dynamicPort());
    partner.start();
    // a small fixed request limit, so that a burst surely meets the broker's backpressure
    Map<String, String> settings = new HashMap<>(Map.of(
        "ZEEBE_BROKER_FLOWCONTROL_REQUEST_ALGORITHM", "fixed",
        "ZEEBE_BROKER_FLOWCONTROL_REQUEST_FIXED_LIMIT", "3"));
    // Miniflow's exporter feeds the monitor; it waits (and the broker keeps its log) until the app has made the tables
    settings
        .putAll(ZeebeBroker.exporter(postgres.getJdbcUrl("postgres", "postgres"), "postgres", "postgres", Map.of()));
    broker = ZeebeBroker.single(DIR.resolve("broker"), settings).start();
    partnerDown();
    broker.awaitHealthy(Duration.ofMinutes(3));
    db = JdbcClient.create(postgres.getPostgresDatabase());
  }

  @AfterAll
  static void stop() throws Exception {
    if (partner != null) {
      partner.stop();
    }
    if (broker != null) {
      broker.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void killedMidLoadAndRestartedEveryReleaseCompletesOnceThenABurstMeetsBackpressureAndNothingFails()
      throws Exception {
    MiniflowProcess first = app("first").awaitReady(Duration.ofMinutes(3));
    String base = first.baseUrl();
    long ws = new ApiClient(base, "admin", ExternalMiniflow.PASSWORD).workspaceId();
    ExternalMiniflow.seedUsers(db, ws);
    ApiClient admin = new ApiClient(base, "admin", ExternalMiniflow.PASSWORD);
    ApiClient developer = new ApiClient(base, "developer", ExternalMiniflow.PASSWORD);
    ApiClient reviewer = new ApiClient(base, "reviewer", ExternalMiniflow.PASSWORD);
    Map<String, Long> apps = new HashMap<>();
    developer.get("/api/v1/workspaces/" + ws + "/target-apps").body()
        .forEach(a -> apps.put(a.get("code").asText(), a.get("id").asLong()));
    assertThat(admin.put("/api/v1/target-apps/" + apps.get("native"), Map.of("connector", "http",
        "endpointUrl", partner.baseUrl() + "/publish", "secret", "partner-secret-123")).status()).isEqualTo(200);

    // six releases under review, six going straight to a partner that is down
    List<Long> reviewed = new ArrayList<>();
    List<Long> published = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      reviewed.add(ExternalMiniflow.release(developer, ws, apps.get("native"), "Reviewed " + i, "PRODUCTION"));
      published.add(ExternalMiniflow.release(developer, ws, apps.get("native"), "Published " + i, "DEVELOPMENT"));
    }
    ApiClient firstReviewer = reviewer;
    Map<Long, Long> tasks = await().atMost(Duration.ofMinutes(1)).until(() -> openReviewTasks(firstReviewer),
        t -> t.keySet().containsAll(reviewed));
    // three decisions taken before the crash must survive it
    for (long releaseId : reviewed.subList(0, 3)) {
      assertThat(reviewer.post("/api/v1/tasks/" + tasks.get(releaseId) + "/complete",
          Map.of("decision", "approve", "comment", "Before the crash")).status()).isEqualTo(200);
    }
    // the partner has been asked (and said 503) for every direct release: publications are being retried
    await().atMost(Duration.ofMinutes(1)).until(() -> published.stream().allMatch(id -> requestsFor(id) > 0));
    first.kill();

    partnerUp();
    try (MiniflowProcess second = app("second").awaitReady(Duration.ofMinutes(3))) {
      ApiClient dev = new ApiClient(second.baseUrl(), "developer", ExternalMiniflow.PASSWORD);
      ApiClient rev = new ApiClient(second.baseUrl(), "reviewer", ExternalMiniflow.PASSWORD);
      ApiClient operator = new ApiClient(second.baseUrl(), "operator", ExternalMiniflow.PASSWORD);

      // the decided releases are not reviewed again; each undecided one has exactly one task
      await().atMost(Duration.ofMinutes(1)).until(() -> reviewed.subList(0, 3).stream()
          .allMatch(id -> status(dev, id).equals("APPROVED")));
      Map<Long, Long> open = openReviewTasks(rev);
      assertThat(open.keySet()).containsExactlyInAnyOrderElementsOf(reviewed.subList(3, 6));
      assertThat(countOpenReviewTasks(rev)).isEqualTo(3);
      for (long releaseId : reviewed.subList(3, 6)) {
        assertThat(rev.post("/api/v1/tasks/" + open.get(releaseId) + "/complete",
            Map.of("decision", "approve", "comment", "After the restart")).status()).isEqualTo(200);
      }
      await().atMost(Duration.ofMinutes(1)).until(() -> reviewed.stream()
          .allMatch(id -> status(dev, id).equals("APPROVED")));
      for (long releaseId : reviewed) {
        assertThat(operator.post("/api/v1/releases/" + releaseId + "/full").status()).isEqualTo(202);
      }
      List<Long> all = new ArrayList<>(reviewed);
      all.addAll(published);
      await().atMost(Duration.ofMinutes(3))
          .until(() -> all.stream().allMatch(id -> status(dev, id).equals("RELEASED")));

      for (long releaseId : all) {
        // exactly one publication the partner accepted per release, and one approval each
        assertThat(acceptedPublications(releaseId)).as("release " + releaseId).isEqualTo(1);
        assertThat(ExternalMiniflow.count(dev, releaseId, "release.approved")).as("release " + releaseId).isEqualTo(1);
        assertThat(ExternalMiniflow.count(dev, releaseId, "release.released")).as("release " + releaseId).isEqualTo(1);
      }
      assertThat(db.sql("select count(*) from user_task where process_id = 'release'").query(Long.class).single())
          .isEqualTo(6);

      burstMeetsBackpressure(second.baseUrl(), ws, apps.get("partner-wallet"));
      databaseBrieflyUnavailable(second.baseUrl(), ws, apps.get("native"));

      // the monitor, fed by the exporter through the crash, the restart and the database outage:
      // every release once, and every failed publication step the broker counted, once
      Map<String, Integer> failures = ExternalMiniflow.assertMonitorShowsEveryRelease(
          new ApiClient(second.baseUrl(), "admin", ExternalMiniflow.PASSWORD), db, ws);
      assertThat(failures.getOrDefault("release.roll-out", 0)).as("failed roll-out jobs, projected")
          .isEqualTo((int) broker.metric(BROKER_JOBS, FAILED, ROLL_OUT)).isPositive();
    }
  }

  /**
   * PostgreSQL refuses connections for a while, with steps of fresh releases provably due (their
   * publications are at a partner that answers slowly): the API answers 503 meanwhile, the steps
   * fail for the database and are tried again later, and every release completes once.
   */
  private void databaseBrieflyUnavailable(String base, long ws, long targetApp) throws Exception {
    ApiClient developer = new ApiClient(base, "developer", ExternalMiniflow.PASSWORD);
    ApiClient metrics = new ApiClient(base, "admin", ExternalMiniflow.PASSWORD);
    List<Long> versions = new ArrayList<>();
    for (int i = 0; i < 5; i++) {
      long mp = developer.createMiniProgram(ws, "Outage " + i).id();
      versions.add(developer.upload(mp, "1.0.0", TestPackages.valid()).id());
    }
    List<Long> ids = new ArrayList<>();
    JdbcClient admin = JdbcClient.create(postgres.getDatabase("postgres", "template1"));
    SessionClient browser = SessionClient.logIn(base, "reviewer", ExternalMiniflow.PASSWORD);
    double failedBefore = ExternalMiniflow.metric(metrics, WORKER_JOBS, FAILED, ROLL_OUT);
    double timedFailedBefore = ExternalMiniflow.metric(metrics, "miniflow_worker_job_seconds_count",
        "outcome=\"failed\"", ROLL_OUT);
    double completedBefore = ExternalMiniflow.metric(metrics, WORKER_JOBS, "action=\"completed\"", ROLL_OUT);
    double brokerFailedBefore = broker.metric(BROKER_JOBS, FAILED, ROLL_OUT);
    partnerSlow();
    for (long version : versions) {
      ids.add(developer.post("/api/v1/releases", Map.of("versionId", version, "targetAppId", targetApp,
          "environment", "DEVELOPMENT")).releaseId());
    }
    // every publication has reached the partner, which answers each after 5 s: a release not yet
    // released now is mid-step when the database goes
    await().atMost(Duration.ofMinutes(1)).until(() -> ids.stream().allMatch(id -> requestsFor(id) > 0));
    List<Long> underWay = ids.stream().filter(id -> !status(developer, id).equals("RELEASED")).toList();
    assertThat(underWay).as("releases whose publication is under way when the database goes").isNotEmpty();
    admin.sql("alter database postgres allow_connections false").update();
    admin.sql("select pg_terminate_backend(pid) from pg_stat_activity where datname = 'postgres'")
        .query(Boolean.class).list();
    try {
      ApiClient.Reply during = developer.get("/api/v1/releases/" + ids.getFirst());
      assertThat(during.status()).isEqualTo(503);
      assertThat(during.text("detail")).contains("database");
      // in the browser (sessions live in the database too): a readable page, not a server error
      for (HttpClient http : List.of(browser.http(), HttpClient.newHttpClient())) {
        for (String page : List.of("/tasks", "/login")) {
          HttpResponse<String> shown = http.send(HttpRequest.newBuilder(URI.create(base + page)).build(),
              HttpResponse.BodyHandlers.ofString());
          assertThat(shown.statusCode()).as(page).isEqualTo(503);
          assertThat(shown.body()).as(page).contains("cannot reach its database").contains("no decision");
        }
      }
      // the partner answers, and the publication steps fail for the database (the broker counts the
      // failed jobs; the app's own metrics are behind a login, which needs the database)
      await().atMost(Duration.ofMinutes(1))
          .until(() -> broker.metric(BROKER_JOBS, FAILED, ROLL_OUT) > brokerFailedBefore);
    } finally {
      admin.sql("alter database postgres allow_connections true").update();
    }
    await().atMost(Duration.ofMinutes(3))
        .until(() -> ids.stream().allMatch(id -> status(developer, id).equals("RELEASED")));
    // the workers' own account: publication steps failed, and were tried again until each completed
    assertThat(ExternalMiniflow.metric(metrics, WORKER_JOBS, FAILED, ROLL_OUT)).as("failed publication steps")
        .isGreaterThan(failedBefore);
    assertThat(ExternalMiniflow.metric(metrics, "miniflow_worker_job_seconds_count", "outcome=\"failed\"", ROLL_OUT))
        .as("failed publication steps, timed").isGreaterThan(timedFailedBefore);
    // a worker counts a completion once the broker acknowledged it, which can be just after the release row says
    // RELEASED (its transaction commits first)
    await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> assertThat(ExternalMiniflow.metric(metrics,
        WORKER_JOBS, "action=\"completed\"", ROLL_OUT) - completedBefore).as("completed publication steps")
        .isEqualTo(ids.size()));
    // a step that failed after the partner had answered asked it again, under the same key
    assertThat(ids).as("publications sent again").anyMatch(id -> requestsFor(id) > 1);
    System.out.printf("RealBrokerIT: the database cut: %d of %d publications under way, %.0f publication steps"
        + " failed, partner calls per release %s%n", underWay.size(), ids.size(),
        ExternalMiniflow.metric(metrics, WORKER_JOBS, FAILED, ROLL_OUT) - failedBefore,
        ids.stream().map(RealBrokerIT::requestsFor).toList());
    assertThat(browser.http().send(HttpRequest.newBuilder(URI.create(base + "/tasks")).build(),
        HttpResponse.BodyHandlers.ofString()).statusCode()).as("the session outlived the outage").isEqualTo(200);
    for (long id : ids) {
      assertThat(ExternalMiniflow.count(developer, id, "release.released")).as("release " + id).isEqualTo(1);
      assertThat(ExternalMiniflow.count(developer, id, "release.validated")).as("release " + id).isEqualTo(1);
    }
  }

  /** Many release requests at once: the broker refuses some commands, Miniflow sends them again. */
  private void burstMeetsBackpressure(String base, long ws, long targetApp) throws Exception {
    ApiClient developer = new ApiClient(base, "developer", ExternalMiniflow.PASSWORD);
    ApiClient metrics = new ApiClient(base, "admin", ExternalMiniflow.PASSWORD);
    int n = 60;
    List<Long> versions = Concurrently.map(n, 4, i -> {
      long mp = developer.createMiniProgram(ws, "Burst " + i).id();
      return developer.upload(mp, "1.0.0", TestPackages.valid()).id();
    });
    double droppedBefore = broker.metric(DROPPED);
    double resentBefore = ExternalMiniflow.metric(metrics, RESENT);
    List<ApiClient.Reply> replies = Concurrently.map(n, n, i -> developer.post("/api/v1/releases",
        Map.of("versionId", versions.get(i), "targetAppId", targetApp, "environment", "DEVELOPMENT")));
    // the test's client never asks twice: every 201 is Miniflow's own doing
    assertThat(replies).allSatisfy(r -> assertThat(r.status()).as(String.valueOf(r.body())).isEqualTo(201));
    // the broker refused some of the burst, and Miniflow (EngineCommands) sent commands again
    assertThat(broker.metric(DROPPED)).as("requests the broker dropped under backpressure")
        .isGreaterThan(droppedBefore);
    assertThat(ExternalMiniflow.metric(metrics, RESENT)).as("commands Miniflow sent again").isGreaterThan(resentBefore);
    System.out.printf(
        "RealBrokerIT: the burst: %.0f requests dropped by the broker, %.0f commands resent by Miniflow%n",
        broker.metric(DROPPED) - droppedBefore, ExternalMiniflow.metric(metrics, RESENT) - resentBefore);
    List<Long> ids = replies.stream().map(ApiClient.Reply::releaseId).toList();
    await().atMost(Duration.ofMinutes(3))
        .until(() -> ids.stream().allMatch(id -> status(developer, id).equals("RELEASED")));
    assertThat(db.sql("select count(*) from release where id in (:ids) and status = 'RELEASED'").param("ids", ids)
        .query(Long.class).single()).isEqualTo(n);
  }

  private static MiniflowProcess app(String name) {
    return ExternalMiniflow.start(DIR.resolve(name + ".log"), postgres.getJdbcUrl("postgres", "postgres"),
        broker.gatewayAddress(), DIR.resolve("app-data"));
  }

  private static int countOpenReviewTasks(ApiClient reviewer) {
    return reviewer.get("/api/v1/tasks?queue=AVAILABLE&process=release").body().size();
  }

  private static long requestsFor(long releaseId) {
    return PartnerJournal.requestsFor(partner, releaseId);
  }

  private static long acceptedPublications(long releaseId) {
    return PartnerJournal.acceptedPublications(partner, releaseId);
  }

  private static void partnerDown() {
    partner.resetMappings();
    partner.stubFor(post(urlEqualTo("/publish")).willReturn(aResponse().withStatus(503)));
  }

  /** Accepts every publication, after a while. */
  private static void partnerSlow() {
    partner.resetMappings();
    partner.stubFor(post(urlEqualTo("/publish")).willReturn(aResponse().withStatus(200)
        .withFixedDelay((int) SLOW_PARTNER.toMillis())
        .withHeader("Content-Type", "application/json").withBody("{\"reference\": \"P-1\"}")));
  }

  private static void partnerUp() {
    partner.resetMappings();
    partner.stubFor(post(urlEqualTo("/publish")).willReturn(aResponse().withStatus(200)
        .withHeader("Content-Type", "application/json").withBody("{\"reference\": \"P-1\"}")));
  }
}
