package dev.miniflow.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ApiClient.Reply;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.SessionClient;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Expedited review: the requester asks with a reason, the review task comes first and is due
 * sooner, and the workspace's monthly quota (3 by default) is shown before asking and refuses the
 * fourth.
 */
@EmbeddedMiniflowTest
class ExpeditedReviewTest {
  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;

  @Test
  void anUrgentReviewComesFirstIsDueSoonerAndTheQuotaRefusesOneTooMany() {
    String base = "http://localhost:" + port;
    long ws = TestWorkspaces.create(workspaces, tx, "Urgent", Map.of("developer", Set.of(Role.DEVELOPER),
        "reviewer", Set.of(Role.REVIEWER), "operator", Set.of(Role.OPERATOR)));
    ApiClient developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    ApiClient reviewer = new ApiClient(base, "reviewer", EmbeddedMiniflowTest.PASSWORD);
    ApiClient operator = new ApiClient(base, "operator", EmbeddedMiniflowTest.PASSWORD);
    long app = developer.defaultTargetAppId(ws);
    List<Long> releases = new ArrayList<>();
    List<Long> tasks = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      long mp = developer.createMiniProgram(ws, "Urgent " + i + " " + UUID.randomUUID().toString().substring(0, 6))
          .id();
      long release = developer.post("/api/v1/releases", Map.of("versionId", developer.upload(mp, "1.0.0",
          TestPackages.valid()).id(), "targetAppId", app, "environment", "PRODUCTION")).releaseId();
      releases.add(release);
      tasks.add(Releases.awaitReviewTask(reviewer, release));
    }
    JsonNode quota = developer.get("/api/v1/workspaces/" + ws + "/expedite-quota").body();
    assertThat(quota.get("perMonth").asInt()).isEqualTo(3);
    assertThat(quota.get("remaining").asInt()).isEqualTo(3);
    String page = SessionClient.logIn(base, "developer", EmbeddedMiniflowTest.PASSWORD).api()
        .getText("/releases/" + releases.getFirst()).getBody();
    assertThat(page).contains("3 of 3 urgent reviews left this month", "Ask for urgent review");

    assertThat(operator.post("/api/v1/releases/" + releases.getFirst() + "/expedite", Map.of("reason",
        "The shop opens tomorrow")).status()).as("only the requester").isEqualTo(403);
    assertThat(developer.post("/api/v1/releases/" + releases.getFirst() + "/expedite", Map.of("reason", "now"))
        .status()).as("a reason in a sentence").isEqualTo(400);
    Instant asked = Instant.now();
    Reply first = developer.post("/api/v1/releases/" + releases.getFirst() + "/expedite", Map.of("reason",
        "The shop opens tomorrow morning"));
    assertThat(first.status()).isEqualTo(200);
    assertThat(first.body().at("/quota/remaining").asInt()).isEqualTo(2);
    assertThat(developer.post("/api/v1/releases/" + releases.getFirst() + "/expedite", Map.of("reason",
        "Once more, to be sure")).status()).as("asked once").isEqualTo(409);

    JsonNode task = reviewer.get("/api/v1/tasks/" + tasks.getFirst()).body().get("task");
    assertThat(task.get("priority").asInt()).isEqualTo(80);
    assertThat(Instant.parse(task.get("dueAt").asText())).isBefore(asked.plus(Duration.ofHours(8)).plusSeconds(60));
    JsonNode byPriority = reviewer.get("/api/v1/tasks?sort=PRIORITY&desc=true&workspace=" + ws).body();
    assertThat(byPriority.get(0).get("id").asLong()).isEqualTo(tasks.getFirst());

    for (int i = 1; i < 3; i++) {
      assertThat(developer.post("/api/v1/releases/" + releases.get(i) + "/expedite", Map.of("reason",
          "Also urgent: a campaign starts")).status()).isEqualTo(200);
    }
    Reply tooMany = developer.post("/api/v1/releases/" + releases.get(3) + "/expedite", Map.of("reason",
        "One more urgent thing"));
    assertThat(tooMany.status()).isEqualTo(409);
    assertThat(tooMany.text("detail")).contains("used its 3 urgent reviews of this month");
    assertThat(reviewer.get("/api/v1/tasks/" + tasks.get(3)).body().at("/task/priority").asInt()).isEqualTo(50);
    assertThat(developer.get("/api/v1/workspaces/" + ws + "/expedite-quota").body().get("remaining").asInt())
        .isZero();
    assertThat(SessionClient.logIn(base, "developer", EmbeddedMiniflowTest.PASSWORD).api()
        .getText("/releases/" + releases.get(3)).getBody()).contains("0 of 3 urgent reviews left this month",
            "possible again from");
  }
}
