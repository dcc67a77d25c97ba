package dev.miniflow.requests;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.SessionClient;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.stream.StreamSupport;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/** My requests: what each person asked for, where it stands, who holds its next step, and withdraw. */
@EmbeddedMiniflowTest
class MyRequestsTest {
  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;

  @Test
  void eachPersonSeesWhatTheyAskedForWithItsNextStepAndWithdrawsWhereAllowed() {
    String base = "http://localhost:" + port;
    String suffix = UUID.randomUUID().toString().substring(0, 6);
    String owner = "mine-owner-" + suffix;
    String asker = "mine-asker-" + suffix;
    String checker = "mine-reviewer-" + suffix;
    tx.executeWithoutResult(s -> {
      for (String name : List.of(owner, asker, checker)) {
        workspaces.createAccount(name, name, null, "mine-pass-123", "test");
      }
    });
    long ws = TestWorkspaces.create(workspaces, tx, "Mine", Map.of(owner, Set.of(Role.DEVELOPER),
        asker, Set.of(Role.DEVELOPER), checker, Set.of(Role.REVIEWER)));
    ApiClient developer = new ApiClient(base, owner, "mine-pass-123");
    ApiClient other = new ApiClient(base, asker, "mine-pass-123");
    ApiClient reviewer = new ApiClient(base, checker, "mine-pass-123");
    assertThat(developer.get("/api/v1/me/requests").body()).isEmpty();

    String name = "Mine " + suffix;
    long mp = developer.createMiniProgram(ws, name).id();
    long version = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
    long release = developer.post("/api/v1/releases", Map.of("versionId", version,
        "targetAppId", developer.defaultTargetAppId(ws), "environment", "PRODUCTION")).releaseId();
    long task = Releases.awaitReviewTask(reviewer, release);
    long grant = other.post("/api/v1/mini-programs/" + mp + "/access-requests", Map.of("scopes", List.of("UPLOAD"),
        "days", 5, "justification", "Helping with the launch")).id();
    long removal = jdbc.sql("""
            insert into removal(workspace_id, mini_program_id, kind, status, release_ids, reason, requested_by)
            values (:ws, :mp, 'REQUESTED', 'UNDER_REVIEW', '{}', 'no longer offered', :by) returning id""")
        .param("ws", ws).param("mp", mp).param("by", owner).query(Long.class).single();

    JsonNode releaseItem = item(developer, "RELEASE", release);
    assertThat(releaseItem.get("title").asText()).startsWith(name + " 1.0.0 → ").endsWith("(PRODUCTION)");
    assertThat(releaseItem.get("status").asText()).isEqualTo("UNDER_REVIEW");
    assertThat(releaseItem.get("nextStep").asText()).isNotBlank();
    assertThat(releaseItem.get("heldBy").asText()).isEqualTo("reviewers");
    assertThat(releaseItem.get("withdraw").asText()).isEqualTo("/api/v1/releases/" + release + "/withdraw");
    assertThat(item(developer, "REMOVAL", removal).get("withdraw").asText())
        .isEqualTo("/api/v1/removals/" + removal + "/withdraw");
    assertThat(ids(developer, "ACCESS")).doesNotContain(grant);

    JsonNode access = await().atMost(Duration.ofSeconds(30)).until(() -> item(other, "ACCESS", grant),
        a -> a.hasNonNull("nextStep"));
    assertThat(access.get("title").asText()).isEqualTo("Access to " + name + ": UPLOAD for 5 days");
    assertThat(access.get("withdraw").isNull()).isTrue();
    assertThat(ids(other, "RELEASE")).doesNotContain(release);
    assertThat(ids(reviewer, "RELEASE")).isEmpty();

    // the reviewer takes the step: it is theirs now
    assertThat(reviewer.post("/api/v1/tasks/" + task + "/claim").status()).isEqualTo(200);
    assertThat(item(developer, "RELEASE", release).get("heldBy").asText()).isEqualTo(checker);

    SessionClient browser = SessionClient.logIn(base, owner, "mine-pass-123");
    String page = browser.api().getText("/requests").getBody();
    assertThat(page).contains(name + " 1.0.0 → ", "action=\"/releases/" + release + "/withdraw\"",
        "action=\"/removals/" + removal + "/withdraw\"", checker);

    assertThat(developer.post(releaseItem.get("withdraw").asText(), Map.of("reason", "Not yet")).status())
        .isEqualTo(200);
    JsonNode withdrawn = item(developer, "RELEASE", release);
    assertThat(withdrawn.get("status").asText()).isEqualTo("WITHDRAWN");
    assertThat(withdrawn.get("withdraw").isNull()).isTrue();
  }

  private static JsonNode item(ApiClient client, String kind, long id) {
    return StreamSupport.stream(client.get("/api/v1/me/requests").body().spliterator(), false)
        .filter(r -> r.get("kind").asText().equals(kind) && r.get("id").asLong() == id).findFirst()
        .orElseThrow(() -> new AssertionError("no " + kind + " " + id + " in My requests"));
  }

  private static List<Long> ids(ApiClient client, String kind) {
    return StreamSupport.stream(client.get("/api/v1/me/requests").body().spliterator(), false)
        .filter(r -> r.get("kind").asText().equals(kind)).map(r -> r.get("id").asLong()).toList();
  }
}
