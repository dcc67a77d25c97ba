package dev.miniflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniflow.engine.embedded.EmbeddedInfrastructure;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.Browser;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.openqa.selenium.By;
import org.springframework.boot.test.web.server.LocalServerPort;

/** A developer and a reviewer take a release through the web UI in real headless Chromium. */
@EmbeddedMiniflowTest
class ReleaseInTheBrowserTest {
  @LocalServerPort int port;
  @org.springframework.beans.factory.annotation.Autowired org.springframework.jdbc.core.simple.JdbcClient jdbc;
  @TempDir Path tmp;
  @org.springframework.beans.factory.annotation.Autowired WorkspaceService workspaces;
  @org.springframework.beans.factory.annotation.Autowired org.springframework.transaction.support.TransactionTemplate tx;
  @org.springframework.beans.factory.annotation.Autowired
  @org.springframework.beans.factory.annotation.Qualifier(EmbeddedInfrastructure.ENGINE_BEAN) ZeebeTestEngine engine;

  /** An operator plans a phased release on the release page, watches it advance, and pauses it. */
  @Test
  void operatorRunsAPhasedReleaseFromTheReleasePage() {
    String base = "http://localhost:" + port;
    long ws = TestWorkspaces.create(workspaces, tx, "Phased UI", Map.of("developer", Set.of(Role.DEVELOPER),
        "reviewer", Set.of(Role.REVIEWER), "operator", Set.of(Role.OPERATOR)));
    ApiClient developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    ApiClient reviewer = new ApiClient(base, "reviewer", EmbeddedMiniflowTest.PASSWORD);
    long mp = developer.createMiniProgram(ws, "Phased " + UUID.randomUUID().toString().substring(0, 8)).id();
    long version = developer.upload(mp, "3.0.0", TestPackages.valid()).id();
    long release = developer.post("/api/v1/releases", Map.of("versionId", version, "targetAppId",
        developer.defaultTargetAppId(ws), "environment", "PRODUCTION")).releaseId();
    long task = Releases.awaitReviewTask(reviewer, release);
    reviewer.post("/api/v1/tasks/" + task + "/complete", Map.of("decision", "approve", "comment", "ok"));
    Releases.awaitStatus(developer, release, "APPROVED");

    try (Browser operator = new Browser(base)) {
      operator.logIn("operator", EmbeddedMiniflowTest.PASSWORD);
      operator.open("/releases/" + release);
      operator.reloadUntil(By.id("phased-start"));
      operator.type(By.id("phased-percents"), "1, 5, 20, 50, 100");
      operator.type(By.id("phased-dwell"), "12");
      operator.click(By.id("phased-start"));
      assertThat(operator.text(By.cssSelector(".alert-success"))).contains("1 → 5 → 20 → 50 → 100 %");
      operator.reloadUntil(By.xpath("//span[@id='release-status' and text()='GRAYSCALE']"));
      operator.reloadUntil(By.id("phased-next"));
      engine.increaseTime(Duration.ofHours(12).plusMinutes(1));
      operator.reloadUntil(By.xpath("//ol[@id='phased-steps']//span[@aria-current='step' and text()='5%']"));
      // the plan owns the percentage: no hand-set grayscale while it runs
      assertThat(operator.driver().findElements(By.id("grayscale"))).isEmpty();
      operator.click(By.id("phased-pause"));
      assertThat(operator.text(By.cssSelector(".alert-success"))).contains("paused");
      assertThat(operator.text(By.id("phased-state"))).isEqualTo("PAUSED");
      operator.screenshot("phased-release");
      operator.click(By.id("phased-resume"));
      assertThat(operator.text(By.id("phased-state"))).isEqualTo("ACTIVE");
    }
  }

  @Test
  void developerUploadsAndRequestsReviewerApprovesDeveloperIsNotified() throws Exception {
    String base = "http://localhost:" + port;
    String name = "Coffee " + UUID.randomUUID().toString().substring(0, 6);
    Path zip = tmp.resolve("coffee.zip");
    Files.write(zip, TestPackages.valid());
    Path bad = tmp.resolve("bad.zip");
    Files.write(bad, TestPackages.zip("../evil.js", "x", "app.json", "{\"pages\":[\"a\"]}"));

    try (Browser developer = new Browser(base)) {
      developer.logIn("developer", EmbeddedMiniflowTest.PASSWORD);
      // sessions live in PostgreSQL, so any app instance can serve the next request
      assertThat(jdbc.sql("select count(*) from spring_session where principal_name = 'developer'")
          .query(Long.class).single()).isPositive();
      if (!developer.driver().getCurrentUrl().contains("/mini-programs")) {
        developer.click(By.linkText("Demo")); // other tests gave this user more workspaces
      }
      developer.type(By.id("name"), name);
      developer.click(By.id("create"));
      assertThat(developer.text(By.tagName("h1"))).isEqualTo(name);

      // A hostile package is refused with a readable reason and nothing is listed.
      developer.type(By.id("version"), "1.0.0");
      developer.driver().findElement(By.id("package")).sendKeys(bad.toString());
      developer.click(By.id("upload"));
      assertThat(developer.text(By.cssSelector(".alert-danger"))).contains("../evil.js");
      developer.waitForText("No versions uploaded yet.");

      developer.type(By.id("version"), "1.0.0");
      developer.driver().findElement(By.id("package")).sendKeys(zip.toString());
      developer.click(By.id("upload"));
      assertThat(developer.text(By.cssSelector(".alert-success"))).contains("1.0.0");
      developer.click(By.linkText("Request release"));
      developer.click(By.id("request-release"));
      assertThat(developer.text(By.cssSelector(".alert-success"))).contains("Release requested");
      developer.screenshot("release-requested");

      try (Browser reviewer = new Browser(base)) {
        reviewer.logIn("reviewer", EmbeddedMiniflowTest.PASSWORD);
        reviewer
            .open("/tasks?miniProgram=" + java.net.URLEncoder.encode(name, java.nio.charset.StandardCharsets.UTF_8));
        By ourTask = By.xpath("//tr[td[contains(., '" + name + " 1.0.0')]]//a[text()='Review release']");
        reviewer.reloadUntil(ourTask);
        reviewer.screenshot("task-queue");
        // the same queue on a phone: nothing wider than the screen but the scrollable table
        reviewer.driver().manage().window().setSize(new org.openqa.selenium.Dimension(390, 844));
        assertThat((Boolean) ((org.openqa.selenium.JavascriptExecutor) reviewer.driver())
            .executeScript("return document.documentElement.scrollWidth <= window.innerWidth")).isTrue();
        reviewer.screenshot("task-queue-phone");
        reviewer.driver().manage().window().setSize(new org.openqa.selenium.Dimension(1280, 900));
        reviewer.click(ourTask);
        assertThat(reviewer.text(By.cssSelector("main p.text-muted"))).contains(name).contains("1.0.0");
        assertThat(reviewer.text(By.id("validation-report"))).contains("pages/index/index");
        reviewer.click(By.id("claim"));
        // where the instance stands: the review step highlighted on the process diagram
        reviewer.waitFor(By.cssSelector("#task-diagram[data-rendered='true']"));
        assertThat(
            reviewer.driver().findElements(By.cssSelector("g.djs-element.mf-active[data-element-id='ReviewRelease']")))
            .hasSize(1);
        reviewer.screenshot("task-view");
        reviewer.click(By.cssSelector("label[for='decision-0']"));
        reviewer.type(By.id("comment"), "Ship it");
        reviewer.screenshot("task-form");
        reviewer.click(By.id("complete"));
        assertThat(reviewer.text(By.cssSelector(".alert-success"))).contains("Task completed");
      }

      developer.open("/inbox");
      developer.reloadUntil(By.xpath("//*[contains(text(), 'Approved: " + name + " 1.0.0')]"));
      developer.screenshot("inbox-approved");

      // The operator rolls it out from the release board: grayscale first, then everyone.
      try (Browser operator = new Browser(base)) {
        operator.logIn("operator", EmbeddedMiniflowTest.PASSWORD);
        operator.open("/inbox");
        operator.click(By.xpath("//a[contains(., 'Approved: " + name + " 1.0.0')]"));
        operator.reloadUntil(By.id("grayscale"));
        operator.type(By.id("percent"), "10");
        operator.click(By.id("grayscale"));
        assertThat(operator.text(By.cssSelector(".alert-success"))).contains("Grayscale 10%");
        operator.reloadUntil(By.xpath("//span[@id='release-status' and text()='GRAYSCALE']"));
        // the form itself offers only higher percentages from now on
        assertThat(operator.waitFor(By.id("percent")).getAttribute("min")).isEqualTo("11");
        operator.click(By.id("full"));
        operator.reloadUntil(By.xpath("//span[@id='release-status' and text()='RELEASED']"));
        operator.click(By.linkText("Release board"));
        assertThat(operator.text(By.id("board"))).contains("Live: 1.0.0");
        operator.screenshot("release-board");
      }
      developer.open("/inbox");
      developer.reloadUntil(By.xpath("//*[contains(text(), 'Released: " + name + " 1.0.0')]"));
    }
  }
}
