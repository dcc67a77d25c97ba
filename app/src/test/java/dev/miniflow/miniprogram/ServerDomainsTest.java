package dev.miniflow.miniprogram;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ApiClient.Reply;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/** The domains a package declares are checked against the mini program's allowed ones, or its version's. */
@EmbeddedMiniflowTest
class ServerDomainsTest {
  static final String DECLARING =
      """
      {"pages": ["pages/index/index"], "domains": {"request": ["api.coffee.example"], "webView": ["m.coffee.example"]}}""";

  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;

  @Test
  void aReleaseDeclaringAnUnlistedDomainIsRefusedNamingItAndPassesOnceItIsListed() {
    String base = "http://localhost:" + port;
    long ws = TestWorkspaces.create(workspaces, tx, "Domains", Map.of("developer", Set.of(Role.DEVELOPER),
        "reviewer", Set.of(Role.REVIEWER)));
    ApiClient developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    ApiClient reviewer = new ApiClient(base, "reviewer", EmbeddedMiniflowTest.PASSWORD);
    long mp = developer.createMiniProgram(ws, "Domains " + UUID.randomUUID().toString().substring(0, 8)).id();
    long app = developer.defaultTargetAppId(ws);
    byte[] declaring = TestPackages.zip("app.json", DECLARING, "pages/index/index.js", "Page({});");

    Reply badManifest = developer.upload(mp, "0.9.0", TestPackages.zip("app.json",
        "{\"pages\": [\"pages/index/index\"], \"domains\": {\"request\": [\"https://api.coffee.example/x\"]}}",
        "pages/index/index.js", "Page({});"));
    assertThat(badManifest.status()).isEqualTo(422);
    assertThat(badManifest.text("detail")).contains("domains.request");

    long version = developer.upload(mp, "1.0.0", declaring).id();
    JsonNode refused = Releases.awaitStatus(developer, release(developer, version, app), "REJECTED");
    assertThat(refused.get("decisionComment").asText()).contains(
        "The request domain 'api.coffee.example' is not among the mini program's allowed request domains.",
        "The web-view domain 'm.coffee.example' is not among");

    String domains = "/api/v1/mini-programs/" + mp + "/domains";
    assertThat(reviewer.put(domains, Map.of("request", List.of("api.coffee.example"))).status()).isEqualTo(403);
    assertThat(developer.put(domains, Map.of("request", List.of("https://api.coffee.example/path"))).status())
        .isEqualTo(400);
    assertThat(developer.get(domains).body().get("request")).isEmpty();
    Reply listed = developer.put(domains, Map.of("request", List.of("API.coffee.example", "api.coffee.example"),
        "webView", List.of("m.coffee.example")));
    assertThat(listed.status()).isEqualTo(200);
    assertThat(listed.body().get("request").toString()).isEqualTo("[\"api.coffee.example\"]");
    Releases.awaitStatus(developer, release(developer, version, app), "RELEASED");

    // a version's own lists win for it, and dropping them brings the mini program's back
    String versionDomains = "/api/v1/versions/" + version + "/domains";
    assertThat(developer.put(versionDomains, Map.of("request", List.of("other.example"))).body()
        .get("fromVersion").asBoolean()).isTrue();
    JsonNode own = Releases.awaitStatus(developer, release(developer, version, app), "REJECTED");
    assertThat(own.get("decisionComment").asText()).contains("'api.coffee.example'").doesNotContain("other.example");
    assertThat(developer.put(versionDomains, Map.of("request", List.of(), "webView", List.of())).body()
        .get("fromVersion").asBoolean()).isFalse();
    Releases.awaitStatus(developer, release(developer, version, app), "RELEASED");
  }

  private static long release(ApiClient developer, long version, long app) {
    Reply asked = developer.post("/api/v1/releases", Map.of("versionId", version, "targetAppId", app,
        "environment", "TEST"));
    assertThat(asked.status()).as(String.valueOf(asked.body())).isEqualTo(201);
    return asked.releaseId();
  }
}
