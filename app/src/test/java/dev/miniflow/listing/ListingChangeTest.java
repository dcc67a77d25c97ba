package dev.miniflow.listing;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.matchingJsonPath;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.wireMockConfig;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ApiClient.Reply;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A listing change of a live mini program is reviewed in its target app, then published once
 * through the HTTP connector (a real local HTTP server); a rejected or withdrawn one reaches
 * nothing at the partner.
 */
@EmbeddedMiniflowTest
class ListingChangeTest {
  static final String SECRET = "listing-partner-secret-1";

  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;

  @Test
  void aChangeIsPublishedOnceAfterItsReviewAndARejectedOneChangesNothingAtThePartner() {
    WireMockServer partner = new WireMockServer(wireMockConfig().dynamicPort());
    partner.start();
    try {
      partner.stubFor(post(urlEqualTo("/publish")).willReturn(aResponse().withStatus(200)
          .withHeader("Content-Type", "application/json").withBody("{\"reference\": \"L-1\"}")));
      String base = "http://localhost:" + port;
      long ws = TestWorkspaces.create(workspaces, tx, "Listings", Map.of("admin", Set.of(Role.ADMIN),
          "developer", Set.of(Role.DEVELOPER), "reviewer", Set.of(Role.REVIEWER), "operator", Set.of(Role.OPERATOR)));
      ApiClient admin = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
      ApiClient developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
      ApiClient reviewer = new ApiClient(base, "reviewer", EmbeddedMiniflowTest.PASSWORD);
      ApiClient operator = new ApiClient(base, "operator", EmbeddedMiniflowTest.PASSWORD);
      long app = developer.defaultTargetAppId(ws);
      assertThat(admin.put("/api/v1/target-apps/" + app, Map.of("connector", "http", "endpointUrl",
          partner.baseUrl() + "/publish", "secret", SECRET)).status()).isEqualTo(200);

      // not live yet: a change is Miniflow's alone
      long mp = developer.createMiniProgram(ws, "Listing " + UUID.randomUUID().toString().substring(0, 8)).id();
      assertThat(developer.patch("/api/v1/mini-programs/" + mp, Map.of("description", "Before it is live"))
          .status()).isEqualTo(200);
      assertThat(developer.get("/api/v1/mini-programs/" + mp + "/listing-changes").body()).isEmpty();

      long version = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
      long release = developer.post("/api/v1/releases", Map.of("versionId", version, "targetAppId", app,
          "environment", "PRODUCTION")).releaseId();
      reviewer.post("/api/v1/tasks/" + Releases.awaitReviewTask(reviewer, release) + "/complete",
          Map.of("decision", "approve", "comment", "ok"));
      Releases.awaitStatus(developer, release, "APPROVED");
      assertThat(operator.post("/api/v1/releases/" + release + "/full").status()).isEqualTo(202);
      Releases.awaitStatus(developer, release, "RELEASED");
      int releaseCalls = partner.findAll(postRequestedFor(urlEqualTo("/publish"))).size();

      // live: the change waits for the target app's review, the partner hears nothing yet
      assertThat(developer.patch("/api/v1/mini-programs/" + mp, Map.of("description", "Now with table ordering"))
          .status()).isEqualTo(200);
      JsonNode change = developer.get("/api/v1/mini-programs/" + mp + "/listing-changes").body().get(0);
      long changeId = change.get("id").asLong();
      assertThat(change.get("status").asText()).isEqualTo("UNDER_REVIEW");
      assertThat(change.get("previous").asText()).contains("Before it is live");
      Reply again = developer.patch("/api/v1/mini-programs/" + mp, Map.of("description", "Changed meanwhile"));
      assertThat(again.status()).isEqualTo(409);
      assertThat(developer.get("/api/v1/mini-programs/" + mp).text("description")).isEqualTo("Now with table ordering");

      long task = Releases.awaitTask(reviewer, "listing-change", changeId);
      assertThat(reviewer.get("/api/v1/tasks/" + task).body().at("/context/sections").toString())
          .contains("description: Before it is live → Now with table ordering");
      assertThat(partner.findAll(postRequestedFor(urlEqualTo("/publish"))).size()).isEqualTo(releaseCalls);
      assertThat(reviewer.post("/api/v1/tasks/" + task + "/complete", Map.of("decision", "approve", "comment", "fine"))
          .status()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(30)).until(() -> "PUBLISHED".equals(
          developer.get("/api/v1/listing-changes/" + changeId).text("status")));
      assertThat(partner.findAll(postRequestedFor(urlEqualTo("/publish"))
          .withHeader("Idempotency-Key", com.github.tomakehurst.wiremock.client.WireMock.equalTo("listing-" + changeId))
          .withRequestBody(matchingJsonPath("$.stage", com.github.tomakehurst.wiremock.client.WireMock.equalTo(
              "LISTING")))
          .withRequestBody(matchingJsonPath("$.bundle.description",
              com.github.tomakehurst.wiremock.client.WireMock.equalTo("Now with table ordering")))))
          .hasSize(1);
      assertThat(developer.get("/api/v1/listing-changes/" + changeId).text("partnerReference")).isEqualTo("L-1");

      // rejected: nothing reaches the partner
      assertThat(developer.patch("/api/v1/mini-programs/" + mp, Map.of("description", "Best coffee in town!!!"))
          .status()).isEqualTo(200);
      long rejected =
          developer.get("/api/v1/mini-programs/" + mp + "/listing-changes").body().get(0).get("id").asLong();
      assertThat(developer.get("/api/v1/listing-changes/" + rejected).text("previous"))
          .as("the partner lists the published change").contains("Now with table ordering");
      long rejectTask = Releases.awaitTask(reviewer, "listing-change", rejected);
      int before = partner.findAll(postRequestedFor(urlEqualTo("/publish"))).size();
      assertThat(reviewer.post("/api/v1/tasks/" + rejectTask + "/complete", Map.of("decision", "reject",
          "comment", "No superlatives")).status()).isEqualTo(200);
      await().atMost(Duration.ofSeconds(30)).until(() -> "REJECTED".equals(
          developer.get("/api/v1/listing-changes/" + rejected).text("status")));
      assertThat(Releases.inboxSubjects(developer)).anyMatch(s -> s.contains("rejected"));
      assertThat(partner.findAll(postRequestedFor(urlEqualTo("/publish"))).size()).isEqualTo(before);

      // withdrawn by whoever made it: the review ends, nothing reaches the partner
      long other = developer.createMiniProgram(ws, "Taken " + UUID.randomUUID().toString().substring(0, 8)).id();
      String taken = developer.get("/api/v1/mini-programs/" + other).text("name");
      assertThat(developer.patch("/api/v1/mini-programs/" + mp, Map.of("name", taken)).status()).isEqualTo(409);
      String renamed = "Renamed " + UUID.randomUUID().toString().substring(0, 8);
      assertThat(developer.patch("/api/v1/mini-programs/" + mp, Map.of("name", renamed,
          "description", "A calmer description")).status()).isEqualTo(200);
      JsonNode both = developer.get("/api/v1/mini-programs/" + mp + "/listing-changes").body().get(0);
      assertThat(both.get("listing").asText()).as("one change with the new name and description")
          .contains(renamed, "A calmer description");
      long withdrawn = both.get("id").asLong();
      Releases.awaitTask(reviewer, "listing-change", withdrawn);
      assertThat(reviewer.post("/api/v1/listing-changes/" + withdrawn + "/withdraw").status()).isEqualTo(403);
      assertThat(developer.post("/api/v1/listing-changes/" + withdrawn + "/withdraw").status()).isEqualTo(200);
      assertThat(Releases.task(reviewer, "listing-change", withdrawn)).isNull();
      assertThat(developer.post("/api/v1/listing-changes/" + withdrawn + "/withdraw").status()).isEqualTo(409);
      assertThat(partner.findAll(postRequestedFor(urlEqualTo("/publish"))).size()).isEqualTo(before);
      assertThat(developer.get("/api/v1/me/requests").body().findValuesAsText("kind")).contains("LISTING_CHANGE");

      // texts in a further language are part of the listing: reviewed too
      assertThat(developer.put("/api/v1/mini-programs/" + mp + "/texts/de", Map.of("name", "Umbenannt",
          "description", "Eine ruhigere Beschreibung")).status()).isEqualTo(200);
      JsonNode german = developer.get("/api/v1/mini-programs/" + mp + "/listing-changes").body().get(0);
      assertThat(german.get("status").asText()).isEqualTo("UNDER_REVIEW");
      assertThat(german.get("listing").asText()).contains("Eine ruhigere Beschreibung");
      assertThat(german.get("previous").asText()).doesNotContain("Eine ruhigere Beschreibung");
      assertThat(developer.put("/api/v1/mini-programs/" + mp + "/texts/de", Map.of("name", "Zweiter",
          "description", "Noch eine")).status()).as("one change under review at a time").isEqualTo(409);
      assertThat(developer.get("/api/v1/mini-programs/" + mp + "/texts").body().toString()).contains("Umbenannt")
          .doesNotContain("Zweiter");
      Releases.awaitTask(reviewer, "listing-change", german.get("id").asLong());
      assertThat(developer.post("/api/v1/listing-changes/" + german.get("id").asLong() + "/withdraw").status())
          .isEqualTo(200);

      // a listing the target app's rules refuse is no change at all
      assertThat(admin.put("/api/v1/target-apps/" + app + "/listing-rules", Map.of("descriptionMax", 30)).status())
          .isEqualTo(200);
      int changes = developer.get("/api/v1/mini-programs/" + mp + "/listing-changes").body().size();
      Reply tooLong = developer.patch("/api/v1/mini-programs/" + mp, Map.of("description",
          "A description far longer than thirty characters"));
      assertThat(tooLong.status()).isEqualTo(400);
      assertThat(tooLong.text("detail")).contains("would not accept this listing",
          "The description must be at most 30 characters");
      assertThat(developer.get("/api/v1/mini-programs/" + mp).text("description")).isEqualTo("A calmer description");
      assertThat(developer.get("/api/v1/mini-programs/" + mp + "/listing-changes").body().size()).isEqualTo(changes);
    } finally {
      partner.stop();
    }
  }
}
