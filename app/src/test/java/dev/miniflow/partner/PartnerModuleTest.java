package dev.miniflow.partner;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.post;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.miniflow.support.Hmac;
import dev.miniflow.testing.ModuleTestEnvironment;
import dev.miniflow.workspace.WorkspaceAccess;
import dev.miniflow.workspace.WorkspaceCreated;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.autoconfigure.web.servlet.AutoConfigureMockMvc;
import org.springframework.http.MediaType;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.AssertablePublishedEvents;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/**
 * The partner module alone (with support): the target apps a new workspace gets, and the signed
 * partner callback, which turns into a {@link PartnerConfirmation} only when its signature holds.
 */
@ApplicationModuleTest(extraIncludes = "support")
@AutoConfigureMockMvc
@ModuleTestEnvironment
class PartnerModuleTest {
  private static final String SECRET = "partner-secret";

  @MockitoBean WorkspaceAccess access;
  @MockitoBean dev.miniflow.workspace.WorkspaceService workspaceNames;

  private final TargetApps targetApps;
  private final TargetAppRepository repository;
  private final JdbcClient jdbc;
  private final MockMvc http;

  PartnerModuleTest(TargetApps targetApps, TargetAppRepository repository, JdbcClient jdbc, MockMvc http) {
    this.targetApps = targetApps;
    this.repository = repository;
    this.jdbc = jdbc;
    this.http = http;
  }

  @Test
  void aNewWorkspaceCanPublishToItsOwnAppAPartnerAppAndAStrictOne(Scenario scenario) {
    String name = "Acme " + UUID.randomUUID();
    long workspaceId = workspace(name);
    scenario.publish(new WorkspaceCreated(workspaceId, name))
        .andWaitForStateChange(() -> targetApps.ofWorkspace(workspaceId))
        .andVerify(apps -> assertThat(apps)
            .extracting(TargetApp::code, TargetApp::name, TargetApp::kind, TargetApp::connector,
                TargetApp::sandboxReviewRequired)
            .containsExactly(
                tuple("native", name + " app", TargetAppKind.NATIVE, "simulated", false),
                tuple("partner-wallet", "Partner Wallet", TargetAppKind.PARTNER, "simulated", true),
                tuple("china-style", "China-style Super App", TargetAppKind.STRICT, "simulated", true)));
  }

  @Test
  void aSignedCallbackBecomesTheConfirmationReleasesListenTo(AssertablePublishedEvents events) throws Exception {
    TargetApp app = appWithSecret();
    String body = "{\"idempotencyKey\":\"release-42-wallet-FULL\",\"status\":\"LIVE\"}";
    http.perform(callback(app, body, "sha256=" + Hmac.sha256Hex(SECRET.getBytes(StandardCharsets.UTF_8), body)))
        .andExpect(status().isNoContent());
    assertThat(events).contains(PartnerConfirmation.class)
        .matching(c -> c.targetAppId() == app.id() && c.idempotencyKey().equals("release-42-wallet-FULL")
            && c.status().equals("LIVE") && c.reason() == null);
  }

  @Test
  void aCallbackWithAnotherSignatureIsRefusedAndTellsNobody(AssertablePublishedEvents events) throws Exception {
    TargetApp app = appWithSecret();
    String body = "{\"idempotencyKey\":\"release-42-wallet-FULL\",\"status\":\"REJECTED\",\"reason\":\"forged\"}";
    String signedWithAnotherKey = Hmac.sha256Hex("guessed".getBytes(StandardCharsets.UTF_8), body);
    http.perform(callback(app, body, "sha256=" + signedWithAnotherKey)).andExpect(status().isUnauthorized());
    http.perform(callback(app, body, null)).andExpect(status().isUnauthorized());
    assertThat(events.ofType(PartnerConfirmation.class)).isEmpty();
  }

  @Test
  void aSignedCallbackWithAnUnknownStatusTellsNobody(AssertablePublishedEvents events) throws Exception {
    TargetApp app = appWithSecret();
    String body = "{\"idempotencyKey\":\"release-42-wallet-FULL\",\"status\":\"DELETED\"}";
    http.perform(callback(app, body, "sha256=" + Hmac.sha256Hex(SECRET.getBytes(StandardCharsets.UTF_8), body)))
        .andExpect(status().isBadRequest());
    assertThat(events.ofType(PartnerConfirmation.class)).isEmpty();
  }

  private static org.springframework.test.web.servlet.RequestBuilder callback(TargetApp app, String body,
      String signature) {
    var request =
        post("/api/v1/partner-callbacks/{id}", app.id()).contentType(MediaType.APPLICATION_JSON).content(body);
    return signature == null ? request : request.header("X-Partner-Signature", signature);
  }

  /** A partner app with a callback secret, as an admin's configuration leaves it. */
  private TargetApp appWithSecret() {
    long workspaceId = workspace("Callbacks " + UUID.randomUUID());
    return repository.save(new TargetApp(null, workspaceId, "wallet", "Wallet", "http", TargetAppKind.PARTNER, true,
        "https://partner.example/publish", SECRET));
  }

  /** The workspace module's row (its service is not part of this test). */
  private long workspace(String name) {
    return jdbc.sql("insert into workspace(name) values (:name) returning id").param("name", name)
        .query(Long.class).single();
  }
}
