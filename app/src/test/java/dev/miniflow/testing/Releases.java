package dev.miniflow.testing;

import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/** Waiting for what the release process does in the background, as a user watching the API would. */
public final class Releases {
  private Releases() {}

  public static JsonNode release(ApiClient client, long releaseId) {
    return client.get("/api/v1/releases/" + releaseId).body();
  }

  public static String status(ApiClient client, long releaseId) {
    return release(client, releaseId).get("status").asText();
  }

  /** Waits until the release is in one of the statuses, and returns it. */
  public static JsonNode awaitStatus(ApiClient client, long releaseId, String... statuses) {
    await().atMost(Duration.ofSeconds(30)).until(() -> List.of(statuses).contains(status(client, releaseId)));
    return release(client, releaseId);
  }

  /** The open review task of the release in the reviewer's queue, or null (only the release process's: a removal may have the same number). */
  public static Long reviewTask(ApiClient reviewer, long releaseId) {
    for (int page = 0; page < 40; page++) {
      JsonNode tasks = reviewer.get("/api/v1/tasks?process=release&desc=true&page=" + page).body();
      for (JsonNode t : tasks) {
        if (String.valueOf(releaseId).equals(t.path("businessKey").asText())) {
          return t.get("id").asLong();
        }
      }
      if (tasks.isEmpty()) {
        return null;
      }
    }
    return null;
  }

  public static long awaitReviewTask(ApiClient reviewer, long releaseId) {
    await().atMost(Duration.ofSeconds(30)).until(() -> reviewTask(reviewer, releaseId) != null);
    return reviewTask(reviewer, releaseId);
  }

  public static List<String> inboxSubjects(ApiClient client) {
    List<String> subjects = new ArrayList<>();
    client.get("/api/v1/notifications").body().forEach(n -> subjects.add(n.get("subject").asText()));
    return subjects;
  }
}
