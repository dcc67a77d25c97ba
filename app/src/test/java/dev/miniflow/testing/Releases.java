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

  /** The open review task of the release in the reviewer's queue, or null. */
  public static Long reviewTask(ApiClient reviewer, long releaseId) {
    return task(reviewer, "release", releaseId);
  }

  public static long awaitReviewTask(ApiClient reviewer, long releaseId) {
    return awaitTask(reviewer, "release", releaseId);
  }

  /**
   * The open task of the process about the business object in the candidate's queue, or null; the
   * process is named, since a removal and a release may have the same number.
   */
  public static Long task(ApiClient candidate, String process, long businessKey) {
    for (int page = 0; page < 40; page++) {
      JsonNode tasks = candidate.get("/api/v1/tasks?process=" + process + "&desc=true&page=" + page).body();
      for (JsonNode t : tasks) {
        if (String.valueOf(businessKey).equals(t.path("businessKey").asText())) {
          return t.get("id").asLong();
        }
      }
      if (tasks.isEmpty()) {
        return null;
      }
    }
    return null;
  }

  public static long awaitTask(ApiClient candidate, String process, long businessKey) {
    await().atMost(Duration.ofSeconds(30)).until(() -> task(candidate, process, businessKey) != null);
    return task(candidate, process, businessKey);
  }

  public static List<String> inboxSubjects(ApiClient client) {
    List<String> subjects = new ArrayList<>();
    client.get("/api/v1/notifications").body().forEach(n -> subjects.add(n.get("subject").asText()));
    return subjects;
  }
}
