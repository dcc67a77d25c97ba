package dev.miniflow.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.Browser;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.PartnerStub;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.openqa.selenium.JavascriptExecutor;
import org.openqa.selenium.Keys;
import org.openqa.selenium.WebElement;
import org.openqa.selenium.interactions.Actions;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/** The process owner's modeler and the admin's monitor, used in real headless Chromium. */
@EmbeddedMiniflowTest
class ConsolesInTheBrowserTest {
  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;

  @Test
  void processOwnerRenamesAStepValidatesAndDeploysANewVersion() {
    String label = "Removal asked " + UUID.randomUUID().toString().substring(0, 6);
    try (Browser owner = new Browser("http://localhost:" + port)) {
      owner.logIn("owner", EmbeddedMiniflowTest.PASSWORD);
      owner.click(By.linkText("Processes"));
      String before = owner.text(By.xpath("//table[@id='processes']//tr[td/a[text()='removal']]/td[@class='version']"));
      // the layout marks the section the page belongs to, for the eye and for screen readers
      assertThat(owner.driver().findElements(By.cssSelector("nav.navbar a.active[aria-current='page']")))
          .extracting(WebElement::getText).containsExactly("Processes");
      assertThat(owner.driver().findElements(By.cssSelector("nav.navbar [aria-current]"))).hasSize(1);
      owner.screenshot("process-list");
      owner.click(By.cssSelector("a[aria-label='Edit removal']"));
      owner.waitFor(By.cssSelector("#modeler[data-ready='true']"));
      owner.waitFor(By.cssSelector("#properties .bio-properties-panel"));

      // rename the start event the way people do: double-click it and type
      owner.waitFor(By.cssSelector("g.djs-element[data-element-id='RemovalRequested']"));
      // what a double-click on the shape starts (Selenium's double-click lands on the label's box, not the circle)
      ((JavascriptExecutor) owner.driver()).executeScript("var m = miniflowModeler; "
          + "m.get('directEditing').activate(m.get('elementRegistry').get('RemovalRequested'));");
      owner.waitFor(By.cssSelector(".djs-direct-editing-parent"));
      new Actions(owner.driver()).keyDown(Keys.CONTROL).sendKeys("a").keyUp(Keys.CONTROL).sendKeys(label).perform();
      new Actions(owner.driver()).moveToElement(owner.driver().findElement(By.id("canvas")), 5, 5).click().perform();
      assertThat(((JavascriptExecutor) owner.driver()).executeScript(
          "return miniflowModeler.get('elementRegistry').get('RemovalRequested').businessObject.name"))
          .isEqualTo(label);
      owner.screenshot("process-modeler");

      // before deploying: the draft against the running version, marked on the diagram and as XML
      owner.click(By.id("compare"));
      owner.waitFor(By.id("diff"));
      assertThat(owner.text(By.id("diff-changed"))).contains("RemovalRequested");
      assertThat(owner.text(By.id("diff-added"))).contains("none");
      assertThat(owner.text(By.id("xml-diff"))).contains("+", label);
      assertThat(owner.driver().findElements(By.cssSelector(
          "#canvas g.djs-element.mf-diff-changed[data-element-id='RemovalRequested']"))).hasSize(1);
      // and on the running version's own diagram, beside the lists
      owner.waitFor(By.cssSelector("#diff-running[data-rendered='true']"));
      assertThat(owner.driver().findElements(By.cssSelector(
          "#diff-running-canvas g.djs-element.mf-diff-changed[data-element-id='RemovalRequested']"))).hasSize(1);
      ((JavascriptExecutor) owner.driver()).executeScript("document.getElementById('diff').scrollIntoView()");
      owner.screenshot("deploy-diff");

      owner.click(By.id("validate"));
      // the status line still shows the diff's summary until the server answers
      await().atMost(Duration.ofSeconds(20)).until(() -> owner.text(By.id("status")).contains("Valid"));
      owner.click(By.id("deploy"));
      owner.driver().switchTo().alert().accept();
      await().atMost(Duration.ofSeconds(20)).until(() -> owner.text(By.id("status")).contains("Deployed version"));
      assertThat(owner.text(By.id("status"))).contains("renamed RemovalRequested").contains(label);

      owner.click(By.id("version-link"));
      // the owner is a process owner of the Demo workspace: the change is Demo's variant, the platform default stays
      assertThat(owner.text(By.id("shown-version"))).startsWith("version ");
      assertThat(owner.driver().getCurrentUrl()).contains("/processes/removal.ws-");
      assertThat(owner.text(By.id("versions"))).contains(label).contains("owner");
      owner.waitFor(By.cssSelector("[data-diagram][data-rendered='true']"));
      owner.screenshot("process-versions");

      // a form: JSON on the left, the form-js preview on the right, checked by the server
      owner.click(By.linkText("Processes"));
      owner.click(By.linkText("release-review"));
      owner.waitFor(By.cssSelector("#preview .fjs-container"));
      owner.click(By.id("validate-form"));
      await().atMost(Duration.ofSeconds(20)).until(() -> owner.text(By.id("status")).contains("Valid"));
      owner.type(By.id("schema"), "{\"components\": []}");
      owner.click(By.id("validate-form"));
      await().atMost(Duration.ofSeconds(20)).until(() -> owner.text(By.id("problems")).contains("\"id\""));
      owner.screenshot("form-editor");
    }
  }

  @Test
  void adminSeesAnIncidentFromAFailingPartnerRetriesItAndTheInstanceCompletes() {
    String base = "http://localhost:" + port;
    long ws = TestWorkspaces.create(workspaces, tx, "Monitor", Map.of("admin", Set.of(Role.ADMIN),
        "developer", Set.of(Role.DEVELOPER)));
    ApiClient admin = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
    ApiClient developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    try (PartnerStub partner = new PartnerStub(); Browser browser = new Browser(base)) {
      long app = developer.defaultTargetAppId(ws);
      assertThat(admin.put("/api/v1/target-apps/" + app, Map.of("connector", "http", "endpointUrl", partner.url(),
          "secret", "monitor-secret-123")).status()).isEqualTo(200);
      String name = "Flaky " + UUID.randomUUID().toString().substring(0, 6);
      long mp = developer.createMiniProgram(ws, name).id();
      long version = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
      long release = developer.post("/api/v1/releases", Map.of("versionId", version, "environment", "DEVELOPMENT",
          "targetAppIds", List.of(app))).releaseId();

      browser.logIn("admin", EmbeddedMiniflowTest.PASSWORD);
      browser.open("/monitor");
      // the embedded engine's records reach the monitor: no notice of a missing exporter
      assertThat(browser.text(By.tagName("main"))).doesNotContain("no exporter");
      // the partner stays down: the publication's retries run out and an incident opens
      By incident = By.xpath("//table[@id='incidents']//tr[td[contains(., 'release.roll-out')]]//a");
      // five attempts first (no pause between them in tests)
      browser.reloadUntil(incident, Duration.ofSeconds(90));
      assertThat(browser.text(By.id("incidents"))).contains("503");
      // the tests warn at the first record: the admin is told the engine's log only grows
      assertThat(browser.text(By.id("engine-log-warning"))).contains("records in memory").contains("Restart Miniflow");
      browser.screenshot("monitor-incidents");
      browser.click(incident);
      browser.waitFor(By.cssSelector("[data-diagram][data-rendered='true']"));
      assertThat(browser.driver().findElements(By.cssSelector("g.djs-element.mf-incident"))).isNotEmpty();
      assertThat(browser.driver().findElements(By.cssSelector("g.djs-element.mf-completed"))).isNotEmpty();
      assertThat(browser.text(By.id("instance-state"))).isEqualTo("INCIDENT");
      assertThat(browser.text(By.id("variables"))).contains("workspaceId");
      browser.screenshot("monitor-instance-incident");
      assertThat(Releases.status(developer, release)).isNotEqualTo("RELEASED");

      partner.comeBack();
      browser.click(By.cssSelector("button.retry"));
      assertThat(browser.text(By.cssSelector(".alert-success"))).contains("Retrying");
      browser.reloadUntil(By.xpath("//span[@id='instance-state' and text()='COMPLETED']"));
      assertThat(browser.text(By.id("instance-incidents"))).contains("RESOLVED");
      browser.screenshot("monitor-instance-completed");
      assertThat(Releases.status(developer, release)).isEqualTo("RELEASED");
    }
  }
}
