package dev.miniflow.analytics;

import dev.miniflow.engine.embedded.EmbeddedInfrastructure;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.Browser;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.PartnerStub;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.TestPropertySource;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The dashboard's figures against a scenario with known durations: the engine's clock makes the
 * reviews take 0, 2 and 4 hours; the app's clock is moved 3 days on to put an access review past due.
 */
@EmbeddedMiniflowTest
// moves the engine's and the app's clocks: it gets an engine and a context of its own
@TestPropertySource(properties = "miniflow.data-dir=target/test-data/analytics")
class AnalyticsTest {
  static final double HOUR = 3600;

  @TestConfiguration
  static class MovableClock {
    static volatile Duration offset = Duration.ZERO;

    @Bean
    @Primary
    Clock movableClock() {
      return new Clock() {
        @Override
        public ZoneId getZone() {
          return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
          return this;
        }

        @Override
        public Instant instant() {
          return Instant.now().plus(offset);
        }
      };
    }
  }

  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;
  @Autowired @Qualifier(EmbeddedInfrastructure.ENGINE_BEAN) ZeebeTestEngine engine;

  @Test
  void figuresMatchAScenarioWithKnownDurationsAndTheDashboardRenders() throws Exception {
    String base = "http://localhost:" + port;
    String other = "stranger-" + UUID.randomUUID().toString().substring(0, 6);
    tx.executeWithoutResult(s -> {
      workspaces.createAccount("newcomer", "Newcomer", null, "newcomer-pass-1", "test");
      workspaces.createAccount(other, "Stranger", null, "stranger-pass-1", "test");
      workspaces.addMember(workspaces.createWorkspace("Other " + other, "test"), other, Set.of(Role.ADMIN), "test");
    });
    long ws = TestWorkspaces.create(workspaces, tx, "Analytics", Map.of("admin", Set.of(Role.ADMIN),
        "developer", Set.of(Role.DEVELOPER), "reviewer", Set.of(Role.REVIEWER), "operator", Set.of(Role.OPERATOR),
        "newcomer", Set.of(Role.DEVELOPER)));
    ApiClient admin = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
    ApiClient developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    ApiClient reviewer = new ApiClient(base, "reviewer", EmbeddedMiniflowTest.PASSWORD);
    ApiClient operator = new ApiClient(base, "operator", EmbeddedMiniflowTest.PASSWORD);
    ApiClient newcomer = new ApiClient(base, "newcomer", "newcomer-pass-1");
    ApiClient stranger = new ApiClient(base, other, "stranger-pass-1");
    var apps = developer.get("/api/v1/workspaces/" + ws + "/target-apps").body();
    long nativeApp = apps.get(0).get("id").asLong();
    String nativeName = apps.get(0).get("name").asText();

    // two reviews: one approved after 2 hours, one after 4 (engine time); both then released in full
    long first = release(developer, ws, nativeApp, "First");
    long second = release(developer, ws, nativeApp, "Second");
    long firstTask = Releases.awaitReviewTask(reviewer, first);
    long secondTask = Releases.awaitReviewTask(reviewer, second);
    engine.increaseTime(Duration.ofHours(2));
    approveAndRollOut(reviewer, operator, developer, firstTask, first);
    engine.increaseTime(Duration.ofHours(2));
    approveAndRollOut(reviewer, operator, developer, secondTask, second);
    // and one rejected at once
    long third = release(developer, ws, nativeApp, "Third");
    reviewer.post("/api/v1/tasks/" + Releases.awaitReviewTask(reviewer, third) + "/complete",
        Map.of("decision", "reject", "comment", "Not like this"));
    Releases.awaitStatus(developer, third, "REJECTED");

    // a partner that stays down: one incident of the publishing worker
    try (PartnerStub partner = new PartnerStub()) {
      long wallet = apps.get(1).get("id").asLong();
      admin.put("/api/v1/target-apps/" + wallet, Map.of("connector", "http", "endpointUrl", partner.url(),
          "secret", "analytics-secret-1"));
      long mp = developer.createMiniProgram(ws, "Fourth " + UUID.randomUUID()).id();
      long version = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
      developer.post("/api/v1/releases", Map.of("versionId", version, "environment", "DEVELOPMENT",
          "targetAppIds", List.of(wallet)));
      await().atMost(Duration.ofSeconds(90)).until(() -> admin.get("/api/v1/monitor/incidents").body().size() == 1);
    }

    // an access request the admins leave waiting past its 48-hour due date
    long firstMp = developer.get("/api/v1/releases/" + first).body().get("miniProgramId").asLong();
    assertThat(
        newcomer.post("/api/v1/mini-programs/" + firstMp + "/access-requests", Map.of("scopes", List.of("ANALYTICS"),
            "days", 7, "justification", "I need the numbers")).status())
        .isEqualTo(201);
    await().atMost(Duration.ofSeconds(20))
        .until(() -> !admin.get("/api/v1/tasks?queue=ALL&process=authorization").body().isEmpty());
    MovableClock.offset = Duration.ofDays(3);
    try {
      JsonNode d = await().atMost(Duration.ofSeconds(10)).until(
          () -> admin.get("/api/v1/workspaces/" + ws + "/analytics").body(),
          body -> body.get("cycleTimes").size() > 0 && body.get("cycleTimes").get(0).get("count").asLong() == 3);

      JsonNode cycle = d.get("cycleTimes").get(0);
      assertThat(cycle.get("process").asText()).isEqualTo("release");
      assertThat(cycle.get("medianSeconds").asDouble()).isCloseTo(2 * HOUR, within(60.0));
      assertThat(cycle.get("p90Seconds").asDouble()).isCloseTo(3.6 * HOUR, within(60.0));

      JsonNode review = step(d, "ReviewRelease");
      assertThat(review.get("stepName").asText()).isEqualTo("Review release");
      assertThat(review.get("count").asLong()).isEqualTo(3);
      assertThat(review.get("medianSeconds").asDouble()).isCloseTo(2 * HOUR, within(60.0));
      assertThat(review.get("p90Seconds").asDouble()).isCloseTo(3.6 * HOUR, within(60.0));

      JsonNode admins = queue(d, "admins");
      assertThat(admins.get("open").asLong()).isEqualTo(1);
      assertThat(admins.get("pastDue").asLong()).isEqualTo(1);
      assertThat(admins.get("oldestAgeSeconds").asDouble()).isCloseTo(72 * HOUR, within(300.0));
      assertThat(d.get("slaBreaches")).hasSize(1);
      assertThat(d.get("slaBreaches").get(0).get("overdueSeconds").asDouble()).isCloseTo(24 * HOUR, within(300.0));

      JsonNode nativeDay = d.get("releases").findParents("targetApp").stream()
          .filter(r -> r.get("targetApp").asText().equals(nativeName)).findFirst().orElseThrow();
      assertThat(nativeDay.get("requested").asLong()).isEqualTo(3);
      assertThat(nativeDay.get("released").asLong()).isEqualTo(2);
      assertThat(nativeDay.get("rejected").asLong()).isEqualTo(1);
      assertThat(d.get("incidents").get(0).get("jobType").asText()).isEqualTo("release.roll-out");
      assertThat(d.get("incidents").get(0).get("incidents").asLong()).isEqualTo(1);

      String csv = admin.getText("/api/v1/workspaces/" + ws + "/analytics/step-times.csv").getBody();
      assertThat(csv.lines().findFirst().orElseThrow())
          .isEqualTo("process,step,step_name,completed,median_seconds,p90_seconds");
      assertThat(csv).contains("release,ReviewRelease,Review release,3,");
      assertThat(admin.getText("/api/v1/workspaces/" + ws + "/analytics/queues.csv").getBody()).contains("admins,1,");

      assertThat(developer.get("/api/v1/workspaces/" + ws + "/analytics").status()).isEqualTo(403);
      assertThat(stranger.get("/api/v1/workspaces/" + ws + "/analytics").status()).isEqualTo(404);
      assertThat(admin.get("/api/v1/workspaces/" + ws + "/analytics?from=2026-02-01&to=2026-01-01").status())
          .isEqualTo(400);
      assertThat(admin.get("/api/v1/workspaces/" + ws + "/analytics?from=2020-01-01&to=2026-01-01").status())
          .isEqualTo(400);
      assertThat(admin.get("/api/v1/workspaces/" + ws + "/analytics?from=yesterday").status()).isEqualTo(400);
      assertThat(admin.get("/api/v1/workspaces/" + ws + "/analytics/everything.csv").status()).isEqualTo(404);

      try (Browser browser = new Browser(base)) {
        browser.logIn("admin", EmbeddedMiniflowTest.PASSWORD);
        browser.open("/workspaces/" + ws + "/analytics");
        assertThat(browser.text(By.cssSelector("#cycle-times td.median"))).isEqualTo("2 h 0 min");
        assertThat(browser.text(By.id("queues"))).contains("admins");
        assertThat(browser.text(By.id("sla-breaches"))).contains("Review access request")
            .contains("overdue by 1 d 0 h");
        assertThat(browser.driver().findElements(By.cssSelector("#releases svg rect"))).isNotEmpty();
        browser.screenshot("analytics-dashboard");
      }
    } finally {
      MovableClock.offset = Duration.ZERO;
    }
  }

  private static long release(ApiClient developer, long ws, long app, String name) {
    long mp = developer.createMiniProgram(ws, name + " " + UUID.randomUUID()).id();
    long version = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
    return developer.post("/api/v1/releases", Map.of("versionId", version, "targetAppId", app,
        "environment", "PRODUCTION")).releaseId();
  }

  /** Approved, released fully, and its instance completed (its last step comes after RELEASED) before time moves on. */
  private void approveAndRollOut(ApiClient reviewer, ApiClient operator, ApiClient developer, long task,
      long release) {
    reviewer.post("/api/v1/tasks/" + task + "/complete", Map.of("decision", "approve", "comment", "ok"));
    Releases.awaitStatus(developer, release, "APPROVED");
    operator.post("/api/v1/releases/" + release + "/full");
    Releases.awaitStatus(developer, release, "RELEASED");
    await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
            select count(*) from process_instance i join release r on r.process_instance_key = i.process_instance_key
            where r.id = :id and i.state = 'COMPLETED'""").param("id", release).query(Long.class).single() == 1);
  }

  private static JsonNode step(JsonNode d, String step) {
    for (JsonNode t : d.get("stepTimes")) {
      if (t.get("step").asText().equals(step)) {
        return t;
      }
    }
    throw new AssertionError("No step " + step + " in " + d.get("stepTimes"));
  }

  private static JsonNode queue(JsonNode d, String group) {
    for (JsonNode q : d.get("queues")) {
      if (q.get("group").asText().equals(group)) {
        return q;
      }
    }
    throw new AssertionError("No queue " + group + " in " + d.get("queues"));
  }
}
