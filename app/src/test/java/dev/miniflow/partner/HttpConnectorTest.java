package dev.miniflow.partner;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import dev.miniflow.support.Hmac;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The HTTP connector against a real local HTTP server standing in for two partner apps: one is
 * down once and then accepts, the other refuses for good.
 */
@EmbeddedMiniflowTest
class HttpConnectorTest {
  static final String SECRET_A = "secret-of-partner-a-123";
  static final String SECRET_B = "secret-of-partner-b-456";

  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;

  WireMockServer partner;
  ApiClient admin;
  ApiClient developer;
  long workspaceId;
  Map<String, Long> apps = new HashMap<>();

  @BeforeEach
  void setUp() {
    partner = new WireMockServer(wireMockConfig().dynamicPort());
    partner.start();
    String base = "http://localhost:" + port;
    workspaceId = TestWorkspaces.create(workspaces, tx, "Connectors",
        Map.of("admin", Set.of(Role.ADMIN), "developer", Set.of(Role.DEVELOPER)));
    admin = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
    developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    developer.get("/api/v1/workspaces/" + workspaceId + "/target-apps").body()
        .forEach(a -> apps.put(a.get("code").asText(), a.get("id").asLong()));
  }

  @AfterEach
  void stop() {
    partner.stop();
  }

  @Test
  void transientFailureIsRetriedAndPublishedOncePermanentRejectionEndsThatTargetRejected() throws Exception {
    partner.stubFor(post(urlEqualTo("/a")).inScenario("a").whenScenarioStateIs(Scenario.STARTED)
        .willReturn(aResponse().withStatus(503)).willSetStateTo("up"));
    partner.stubFor(post(urlEqualTo("/a")).inScenario("a").whenScenarioStateIs("up")
        .willReturn(aResponse().withStatus(200).withHeader("Content-Type", "application/json")
            .withBody("{\"reference\": \"A-42\"}")));
    partner.stubFor(post(urlEqualTo("/b")).willReturn(aResponse().withStatus(422)
        .withHeader("Content-Type", "application/json")
        .withBody("{\"reason\": \"Category not allowed in this market\"}")));
    configure("native", "/a", SECRET_A);
    configure("partner-wallet", "/b", SECRET_B);

    long mp = developer.createMiniProgram(workspaceId, "Connected").id();
    long versionId = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
    var requested = developer.post("/api/v1/releases", Map.of("versionId", versionId, "environment", "DEVELOPMENT",
        "targetAppIds", List.of(apps.get("native"), apps.get("partner-wallet"))));
    assertThat(requested.status()).isEqualTo(201);
    long a = requested.body().get("releases").get(0).get("id").asLong();
    long b = requested.body().get("releases").get(1).get("id").asLong();

    await().atMost(Duration.ofSeconds(30)).until(() -> "RELEASED".equals(status(a)));
    await().atMost(Duration.ofSeconds(30)).until(() -> "REJECTED".equals(status(b)));
    assertThat(developer.get("/api/v1/releases/" + b).text("decisionComment"))
        .contains("Category not allowed in this market");

    List<LoggedRequest> toA = partner.findAll(postRequestedFor(urlEqualTo("/a")));
    assertThat(toA).hasSize(2); // the 503 and the one accepted retry
    assertThat(toA).extracting(r -> r.getHeader("Idempotency-Key")).containsOnly("release-" + a + "-native-FULL");
    for (LoggedRequest request : toA) {
      assertThat(request.getHeader("X-Miniflow-Signature"))
          .isEqualTo("sha256=" + Hmac.sha256Hex(SECRET_A.getBytes(StandardCharsets.UTF_8), request.getBodyAsString()));
    }
    assertThat(partner.findAll(postRequestedFor(urlEqualTo("/a")).withHeader("Idempotency-Key",
        equalTo("release-" + a + "-native-FULL")))).hasSize(2);
    assertThat(partner.findAll(postRequestedFor(urlEqualTo("/b")))).hasSize(1);
    JsonNode body = new com.fasterxml.jackson.databind.ObjectMapper().readTree(toA.getLast().getBodyAsString());
    assertThat(body.get("stage").asText()).isEqualTo("FULL");
    assertThat(body.at("/bundle/version").asText()).isEqualTo("1.0.0");

    await().atMost(Duration.ofSeconds(20)).until(() -> subjects().stream()
        .anyMatch(s -> s.startsWith("Rejected:") && s.contains("Partner Wallet")));

    // The partner confirms go-live on the signed callback; forged or unknown callbacks change nothing.
    String live = "{\"idempotencyKey\": \"release-" + a + "-native-FULL\", \"status\": \"LIVE\"}";
    assertThat(
        callback(apps.get("native"), live, "sha256=" + Hmac.sha256Hex(SECRET_B.getBytes(StandardCharsets.UTF_8), live)))
        .isEqualTo(401);
    assertThat(callback(apps.get("native"), live, null)).isEqualTo(401);
    String unknown = "{\"idempotencyKey\": \"release-999999-native-FULL\", \"status\": \"LIVE\"}";
    assertThat(callback(apps.get("native"), unknown, sign(SECRET_A, unknown))).isEqualTo(404);
    assertThat(developer.get("/api/v1/releases/" + a).body().get("partnerStatus").isNull()).isTrue();
    assertThat(callback(apps.get("native"), live, sign(SECRET_A, live))).isEqualTo(204);
    assertThat(developer.get("/api/v1/releases/" + a).text("partnerStatus")).isEqualTo("LIVE");
  }

  @Test
  void onlyAdminsConfigureConnectorsAndEndpointsMustBeHttpUrls() {
    long id = apps.get("native");
    assertThat(developer.put("/api/v1/target-apps/" + id, Map.of("connector", "http",
        "endpointUrl", partner.baseUrl() + "/a", "secret", SECRET_A)).status()).isEqualTo(403);
    assertThat(admin.put("/api/v1/target-apps/" + id, Map.of("connector", "http",
        "endpointUrl", "file:///etc/passwd", "secret", SECRET_A)).status()).isEqualTo(400);
    assertThat(admin.put("/api/v1/target-apps/" + id, Map.of("connector", "carrier-pigeon")).status()).isEqualTo(400);
    assertThat(admin.put("/api/v1/target-apps/" + id, Map.of("connector", "http")).status()).isEqualTo(400);
    var listed = developer.get("/api/v1/workspaces/" + workspaceId + "/target-apps").body();
    assertThat(listed.toString()).doesNotContain("secret-of");
    assertThat(listed.get(0).get("connector").asText()).isEqualTo("simulated");
  }

  private void configure(String code, String path, String secret) {
    var reply = admin.put("/api/v1/target-apps/" + apps.get(code), Map.of("connector", "http",
        "endpointUrl", partner.baseUrl() + path, "secret", secret));
    assertThat(reply.status()).as(String.valueOf(reply.body())).isEqualTo(200);
  }

  private String status(long releaseId) {
    return developer.get("/api/v1/releases/" + releaseId).text("status");
  }

  private List<String> subjects() {
    return Releases.inboxSubjects(developer);
  }

  private static String sign(String secret, String body) {
    return "sha256=" + Hmac.sha256Hex(secret.getBytes(StandardCharsets.UTF_8), body);
  }

  private int callback(long targetAppId, String body, String signature) throws RuntimeException {
    try {
      var request =
          HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/partner-callbacks/" + targetAppId))
              .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(body));
      if (signature != null) {
        request.header("X-Partner-Signature", signature);
      }
      return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.discarding()).statusCode();
    } catch (Exception e) {
      throw new RuntimeException(e);
    }
  }
}
