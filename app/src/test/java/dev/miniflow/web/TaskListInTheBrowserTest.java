package dev.miniflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.Browser;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebDriver;
import org.openqa.selenium.support.ui.WebDriverWait;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A reviewer keeps the queue open: a new task appears without a reload (server-sent events), and
 * the reviewer reviews it with the keyboard alone in the pane beside the queue, in real headless
 * Chromium on a laptop-sized window (screenshots under target/screenshots).
 */
@EmbeddedMiniflowTest
class TaskListInTheBrowserTest {
  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;

  @Test
  void aNewTaskAppearsInTheOpenQueueAndIsReviewedWithTheKeyboardAlone() {
    String base = "http://localhost:" + port;
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String reviewerName = "kbd-" + suffix;
    tx.executeWithoutResult(s -> workspaces.createAccount(reviewerName, "Keyboard reviewer", null, "kbd-pass-1",
        "test"));
    long ws = TestWorkspaces.create(workspaces, tx, "Browser queue", Map.of("developer", Set.of(Role.DEVELOPER),
        reviewerName, Set.of(Role.REVIEWER)));
    ApiClient developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    String name = "Live " + suffix;
    long mp = developer.createMiniProgram(ws, name).id();
    long app = developer.defaultTargetAppId(ws);

    try (Browser reviewer = new Browser(base)) {
      reviewer.logIn(reviewerName, "kbd-pass-1");
      reviewer.open("/tasks?queue=AVAILABLE&miniProgram=" + URLEncoder.encode(name, StandardCharsets.UTF_8));
      assertThat(reviewer.text(By.id("queue-table"))).contains("No tasks here.");
      WebDriver driver = reviewer.driver();
      JavascriptExecutor js = (JavascriptExecutor) driver;
      new WebDriverWait(driver, Duration.ofSeconds(10))
          .until(d -> "true".equals(js.executeScript("return document.body.dataset.live || ''")));
      js.executeScript("window.stillTheSamePage = true");

      long release = developer.post("/api/v1/releases", Map.of("versionId", developer.upload(mp, "1.0.0",
          TestPackages.valid()).id(), "targetAppId", app, "environment", "PRODUCTION")).releaseId();
      By row = By.xpath("//tr[contains(@class, 'task-row')][td[contains(., '" + name + " 1.0.0')]]");
      reviewer.waitFor(row);
      assertThat(js.executeScript("return window.stillTheSamePage === true")).as("no reload").isEqualTo(true);
      reviewer.screenshot("queue-live");

      // the keyboard alone: next task, open it beside the queue, claim, approve, comment, complete
      driver.findElement(By.tagName("body")).sendKeys("j");
      assertThat(driver.findElement(row).getAttribute("class")).contains("table-active");
      driver.findElement(By.tagName("body")).sendKeys(Keys.ENTER);
      reviewer.waitFor(By.cssSelector("#task-pane #claim"));
      assertThat(reviewer.text(By.cssSelector("#task-pane #validation-report"))).contains("Pages",
          "pages/index/index", "Checks for");
      driver.findElement(By.tagName("body")).sendKeys("c");
      reviewer.waitFor(By.cssSelector("#task-pane #task-form"));
      reviewer.screenshot("task-pane");
      driver.findElement(By.tagName("body")).sendKeys("a");
      assertThat(driver.findElement(By.cssSelector("#task-pane input[name=decision][value=approve]")).isSelected())
          .isTrue();
      assertThat(driver.switchTo().activeElement().getAttribute("name")).isEqualTo("comment");
      driver.switchTo().activeElement().sendKeys("Reviewed without a mouse");
      driver.switchTo().activeElement().sendKeys(Keys.chord(Keys.CONTROL, Keys.ENTER));
      new WebDriverWait(driver, Duration.ofSeconds(20))
          .until(d -> d.findElement(By.id("task-pane")).getText().contains("Task completed"));
      reviewer.screenshot("task-pane-completed");
      assertThat(js.executeScript("return window.stillTheSamePage === true")).isEqualTo(true);
      assertThat(Releases.awaitStatus(developer, release, "APPROVED").get("decisionComment").asText())
          .isEqualTo("Reviewed without a mouse");
      // the completed task leaves the open queue by itself
      new WebDriverWait(driver, Duration.ofSeconds(20)).until(d -> d.findElements(row).isEmpty());
    }
  }

  /**
   * Rejecting several tasks at once from the queue needs the workspace's reasons too: without one,
   * each task says so and nothing is decided; with one, both are rejected and the requester reads it.
   */
  @Test
  void severalTasksAreRejectedAtOnceWithAReasonPickedInTheQueue() {
    String base = "http://localhost:" + port;
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String reviewerName = "bulk-" + suffix;
    String ownerName = "bulk-po-" + suffix;
    tx.executeWithoutResult(s -> {
      workspaces.createAccount(reviewerName, "Bulk reviewer", null, "bulk-pass-1", "test");
      workspaces.createAccount(ownerName, "Bulk owner", null, "bulk-pass-1", "test");
    });
    long ws = TestWorkspaces.create(workspaces, tx, "Bulk queue", Map.of("developer", Set.of(Role.DEVELOPER),
        reviewerName, Set.of(Role.REVIEWER), ownerName, Set.of(Role.PROCESS_OWNER)));
    ApiClient developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    ApiClient owner = new ApiClient(base, ownerName, "bulk-pass-1");
    long reason = owner.post("/api/v1/workspaces/" + ws + "/rejection-reasons", Map.of("title", "Crashes on start"))
        .id();
    long app = developer.defaultTargetAppId(ws);
    String name = "Bulk " + suffix;
    java.util.List<Long> releases = new java.util.ArrayList<>();
    for (String program : java.util.List.of(name + " one", name + " two")) {
      long mp = developer.createMiniProgram(ws, program).id();
      long release = developer.post("/api/v1/releases", Map.of("versionId", developer.upload(mp, "1.0.0",
          TestPackages.valid()).id(), "targetAppId", app, "environment", "PRODUCTION")).releaseId();
      releases.add(release);
      Releases.awaitReviewTask(new ApiClient(base, reviewerName, "bulk-pass-1"), release);
    }

    try (Browser reviewer = new Browser(base)) {
      reviewer.logIn(reviewerName, "bulk-pass-1");
      String queue = "/tasks?queue=AVAILABLE&miniProgram=" + URLEncoder.encode(name, StandardCharsets.UTF_8);
      reviewer.open(queue);
      WebDriver driver = reviewer.driver();
      By boxes = By.cssSelector("#queue-rows input[name=taskIds]");
      reviewer.tickAll(boxes);
      new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("bulk-action"))).selectByValue("REJECT");
      reviewer.type(By.id("bulk-justification"), "Both crash on start");
      reviewer.click(By.id("bulk-submit"));
      assertThat(reviewer.text(By.cssSelector(".alert-danger"))).contains("2 not done", "Pick at least one");

      reviewer.open(queue);
      reviewer.tickAll(boxes);
      new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("bulk-action"))).selectByValue("REJECT");
      new org.openqa.selenium.support.ui.Select(driver.findElement(By.id("bulk-reasons")))
          .selectByValue(String.valueOf(reason));
      reviewer.type(By.id("bulk-justification"), "Both crash on start");
      reviewer.screenshot("queue-bulk-reject");
      reviewer.click(By.id("bulk-submit"));
      reviewer.waitForText("2 of 2 done.");
    }
    for (long release : releases) {
      assertThat(Releases.awaitStatus(developer, release, "REJECTED").get("decisionComment").asText())
          .isEqualTo("Both crash on start");
    }
    assertThat(developer.get("/api/v1/me/requests").body().toString()).contains("Crashes on start");
  }
}
