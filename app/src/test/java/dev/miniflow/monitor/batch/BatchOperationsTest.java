package dev.miniflow.monitor.batch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ApiClient.Reply;
import dev.miniflow.testing.Browser;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.PartnerStub;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.support.ui.Select;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A batch retry over ten incidents of a partner that was down: eight go on to completion, the
 * two the partner still refuses fail again, and each item says which; a batch cancel ends those two.
 */
@EmbeddedMiniflowTest
class BatchOperationsTest {
  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;

  @Test
  void aBatchRetryOverTenIncidentsReportsTheTwoThatFailAgainAndABatchCancelEndsThem() {
    String base = "http://localhost:" + port;
    long ws = TestWorkspaces.create(workspaces, tx, "Batch", Map.of("admin", Set.of(Role.ADMIN),
        "developer", Set.of(Role.DEVELOPER)));
    ApiClient admin = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
    ApiClient developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    String tag = "Batch" + UUID.randomUUID().toString().substring(0, 6);
    try (PartnerStub partner = new PartnerStub()) {
      long app = developer.defaultTargetAppId(ws);
      assertThat(admin.put("/api/v1/target-apps/" + app, Map.of("connector", "http", "endpointUrl", partner.url(),
          "secret", "batch-secret-1234")).status()).isEqualTo(200);
      List<Long> releases = new ArrayList<>();
      for (int i = 0; i < 10; i++) {
        long mp = developer.createMiniProgram(ws, tag + " " + i).id();
        long version = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
        releases.add(developer.post("/api/v1/releases", Map.of("versionId", version, "environment", "DEVELOPMENT",
            "targetAppIds", List.of(app))).releaseId());
      }
      String preview = "/api/v1/monitor/batches/preview?kind=RETRY_INCIDENTS&q=" + tag;
      // each publication fails five times against the partner that is down: an incident each
      await().atMost(Duration.ofSeconds(120)).until(() -> admin.get(preview).body().get("count").asInt() == 10);
      assertThat(admin.get(preview).body().get("sample")).hasSize(10);
      assertThat(developer.get(preview).status()).isEqualTo(403);

      partner.comeBack();
      long stubbornA = releases.get(3);
      long stubbornB = releases.get(7);
      partner.keepRefusing(stubbornA);
      partner.keepRefusing(stubbornB);
      assertThat(admin.post("/api/v1/monitor/batches", Map.of("q", tag)).status()).isEqualTo(400);
      assertThat(developer.post("/api/v1/monitor/batches", Map.of("kind", "RETRY_INCIDENTS", "q", tag)).status())
          .isEqualTo(403);
      // the admin starts it on the monitor page: filter, preview the count, start, follow the progress
      long batchId;
      try (Browser browser = new Browser(base)) {
        browser.logIn("admin", EmbeddedMiniflowTest.PASSWORD);
        browser.open("/monitor");
        browser.type(By.id("q"), tag);
        browser.click(By.cssSelector("form[aria-label='Filter instances'] button[type='submit']"));
        new Select(browser.waitFor(By.id("batch-kind"))).selectByValue("RETRY_INCIDENTS");
        browser.click(By.id("batch-preview"));
        assertThat(browser.text(By.id("batch-count"))).startsWith("10 open incidents would be retried");
        assertThat(browser.driver().findElements(By.cssSelector("#batch-sample tbody tr"))).hasSize(10);
        browser.click(By.id("batch-start"));
        browser.driver().switchTo().alert().accept();
        browser.reloadUntil(By.xpath("//span[@id='batch-state' and text()='FINISHED']"));
        batchId = Long.parseLong(browser.driver().getCurrentUrl().replaceAll(".*/monitor/batches/", ""));
        browser.reloadUntil(
            By.xpath("//table[@id='batch-items']//span[contains(@class, 'outcome') and text()='FAILED AGAIN']"),
            Duration.ofSeconds(120));
        assertThat(browser.text(By.id("batch-progress"))).startsWith("10 done, 0 failed");
        browser.screenshot("batch-operation");
      }
      String batch = "/api/v1/monitor/batches/" + batchId;
      assertThat(admin.get(batch).body().get("total").asInt()).isEqualTo(10);
      assertThat(admin.get(batch).body().get("done").asInt()).isEqualTo(10);
      // what became of each: the two the partner still refuses fail again (after their five attempts)
      await().atMost(Duration.ofSeconds(120)).until(() -> outcomes(admin.get(batch).body()).values().stream()
          .noneMatch("RUNNING"::equals));
      JsonNode items = admin.get(batch).body().get("items");
      Map<Long, String> outcomes = outcomes(admin.get(batch).body());
      long instanceA = Releases.release(developer, stubbornA).get("processInstanceKey").asLong();
      long instanceB = Releases.release(developer, stubbornB).get("processInstanceKey").asLong();
      assertThat(outcomes).hasSize(10).containsEntry(instanceA, "FAILED_AGAIN").containsEntry(instanceB,
          "FAILED_AGAIN");
      assertThat(outcomes.values().stream().filter("COMPLETED"::equals)).hasSize(8);
      items.forEach(item -> {
        if ("FAILED_AGAIN".equals(item.get("outcome").asText())) {
          assertThat(item.get("outcomeMessage").asText()).contains("503");
        }
      });
      releases.stream().filter(r -> r != stubbornA && r != stubbornB)
          .forEach(r -> assertThat(Releases.status(developer, r)).isEqualTo("RELEASED"));
      // one audit entry per item, naming the batch
      assertThat(jdbc.sql("select count(*) from audit_event where action = 'incident.retried' and detail like :d")
          .param("d", "%(batch " + batchId + ", item %").query(Integer.class).single())
          .isEqualTo(10);

      // the two left: a batch cancel over the same filter
      String cancelPreview = "/api/v1/monitor/batches/preview?kind=CANCEL_INSTANCES&q=" + tag;
      assertThat(admin.get(cancelPreview).body().get("count").asInt()).isEqualTo(2);
      Reply canceled = admin.post("/api/v1/monitor/batches", Map.of("kind", "CANCEL_INSTANCES", "q", tag));
      assertThat(canceled.status()).isEqualTo(202);
      String cancelBatch = "/api/v1/monitor/batches/" + canceled.body().get("id").asLong();
      await().atMost(Duration.ofSeconds(30)).until(() -> admin.get(cancelBatch).body().get("finishedAt").isTextual());
      await().atMost(Duration.ofSeconds(30)).until(() -> outcomes(admin.get(cancelBatch).body())
          .equals(Map.of(instanceA, "CANCELED", instanceB, "CANCELED")));
      Reply nothingLeft = admin.post("/api/v1/monitor/batches", Map.of("kind", "CANCEL_INSTANCES", "q", tag));
      assertThat(nothingLeft.status()).isEqualTo(409);
      assertThat(nothingLeft.text("detail")).contains("nothing was started");
      assertThat(admin.get("/api/v1/monitor/batches").body().toString()).contains("CANCEL_INSTANCES");
    }
  }

  private static Map<Long, String> outcomes(JsonNode batch) {
    Map<Long, String> outcomes = new HashMap<>();
    batch.get("items").forEach(i -> outcomes.put(i.get("processInstanceKey").asLong(), i.path("outcome").asText()));
    return outcomes;
  }
}
