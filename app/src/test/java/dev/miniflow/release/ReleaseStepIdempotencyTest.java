package dev.miniflow.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.miniflow.notification.Inbox;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.TestPackages;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;

/** Jobs may be delivered twice: running every release step again changes nothing. */
@EmbeddedMiniflowTest
class ReleaseStepIdempotencyTest {
  @LocalServerPort int port;
  @Autowired ReleaseService releases;
  @Autowired TargetApps targetApps;
  @Autowired AuditTrail audit;
  @Autowired Inbox inbox;

  @Test
  void everyStepRunTwiceHasTheEffectOfRunningOnce() {
    String base = "http://localhost:" + port;
    ApiClient developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    ApiClient reviewer = new ApiClient(base, "reviewer", EmbeddedMiniflowTest.PASSWORD);
    long ws = developer.workspaceId();
    long mp = developer.createMiniProgram(ws, "Twice " + UUID.randomUUID()).id();
    long versionId = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
    long releaseId = developer.post("/api/v1/releases", Map.of("versionId", versionId,
        "targetAppId", developer.defaultTargetAppId(ws), "environment", "SANDBOX")).id();
    long[] taskId = new long[1];
    await().atMost(Duration.ofSeconds(30)).until(() -> {
      for (var t : reviewer.get("/api/v1/tasks").body()) {
        if (String.valueOf(releaseId).equals(t.path("businessKey").asText())) {
          taskId[0] = t.get("id").asLong();
          return true;
        }
      }
      return false;
    });
    reviewer.post("/api/v1/tasks/" + taskId[0] + "/complete", Map.of("decision", "approve", "comment", "fine"));
    await().atMost(Duration.ofSeconds(30)).until(() ->
        audit.forSubject("release", releaseId).stream().anyMatch(e -> e.action().equals("release.notified")));
    int events = audit.forSubject("release", releaseId).size();
    long notifications = inbox.latest("developer").size();
    Release before = releases.load(releaseId);

    assertThat(releases.validate(releaseId)).isTrue();
    releases.recordDecision(releaseId, "reject", "late duplicate", "someone");
    releases.buildBundle(releaseId);
    releases.publish(releaseId);
    releases.notifyRequester(releaseId);

    Release after = releases.load(releaseId);
    assertThat(after.status()).isEqualTo(ReleaseStatus.RELEASED);
    assertThat(after.decidedBy()).isEqualTo("reviewer");
    assertThat(after.bundleSha256()).isEqualTo(before.bundleSha256());
    assertThat(targetApps.publicationCount("release-" + releaseId + "-native")).isEqualTo(1);
    assertThat(audit.forSubject("release", releaseId)).hasSize(events);
    assertThat(inbox.latest("developer")).hasSize((int) notifications);
  }
}
