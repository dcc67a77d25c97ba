package dev.miniflow.web;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.Browser;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.openqa.selenium.By;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A workspace admin sets up a target app and its capability catalogue, and a developer asks for a
 * capability, in real headless Chromium (screenshots under target/screenshots).
 */
@EmbeddedMiniflowTest
class TenantsInTheBrowserTest {
  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;

  @Test
  void anAdminConfiguresATargetAppAndItsCapabilitiesAndADeveloperAsksForOne() {
    String base = "http://localhost:" + port;
    long ws = TestWorkspaces.create(workspaces, tx, "Browser tenants", Map.of("admin", Set.of(Role.ADMIN),
        "developer", Set.of(Role.DEVELOPER)));
    long mp = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD)
        .createMiniProgram(ws, "Browser " + UUID.randomUUID().toString().substring(0, 8)).id();
    try (Browser admin = new Browser(base)) {
      admin.logIn("admin", EmbeddedMiniflowTest.PASSWORD);
      admin.open("/workspaces/" + ws + "/target-apps");
      admin.type(By.id("new-code"), "partner-pay");
      admin.type(By.id("new-name"), "Partner Pay");
      admin.click(By.id("add-target-app"));
      assertThat(admin.waitFor(By.cssSelector(".alert-success")).getText()).contains("Target app Partner Pay added");
      String rules = "section[data-target-app='partner-pay'] ";
      admin.type(By.cssSelector(rules + "input[name='nameMax']"), "24");
      admin.click(By.cssSelector(rules + "form[action$='/listing-rules'] button[type=submit]"));
      assertThat(admin.waitFor(By.cssSelector(".alert-success")).getText()).contains("Listing rules saved");
      assertThat(admin.text(By.cssSelector("section[data-target-app='partner-pay'] ul")))
          .contains("Name at most 24 characters.");
      admin.screenshot("target-apps");

      admin.click(By.linkText("Capability catalogues"));
      String catalogue = "section[data-target-app='partner-pay'] ";
      admin.type(By.cssSelector(catalogue + "input[name='code']"), "payment");
      admin.type(By.cssSelector(catalogue + "input[name='name']"), "Payment");
      admin.click(By.cssSelector(catalogue + "button[type=submit]"));
      assertThat(admin.waitFor(By.cssSelector(".alert-success")).getText()).contains("Capability payment saved");
      assertThat(admin.text(By.cssSelector(catalogue + "table"))).contains("payment", "Payment", "reviewed");
      admin.screenshot("capability-catalogue");
    }
    try (Browser developer = new Browser(base)) {
      developer.logIn("developer", EmbeddedMiniflowTest.PASSWORD);
      developer.open("/mini-programs/" + mp + "/capabilities");
      developer.click(By.cssSelector("input[name='capabilities'][value='payment']"));
      developer.type(By.id("justification"), "Customers pay at the table");
      developer.type(By.id("useDescription"), "Pay the bill after scanning the table's code");
      developer.click(By.id("ask-capabilities"));
      assertThat(developer.waitFor(By.cssSelector(".alert-success")).getText())
          .contains("1 capability request(s) recorded; 1 wait(s) for an admin's review.");
      assertThat(developer.text(By.id("capability-grants"))).contains("payment", "Partner Pay", "REQUESTED");
      developer.screenshot("mini-program-capabilities");
    }
  }
}
