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
  @Autowired ReleaseSteps steps;
  @Autowired TargetApps targetApps;
  @Autowired AuditTrail audit;
  @Autowired Inbox inbox;

  @Test
  void everyStepRunTwiceHasTheEffectOfRunningOnce() {
    ApiClient developer = new ApiClient("http://localhost:" + port, "developer", EmbeddedMiniflowTest.PASSWORD);
    long ws = developer.workspaceId();
    long mp = developer.createMiniProgram(ws, "Twice " + UUID.randomUUID()).id();
    long versionId = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
    // Development needs no review and goes live in full at once.
    long releaseId = developer.post("/api/v1/releases", Map.of("versionId", versionId,
        "targetAppId", developer.defaultTargetAppId(ws), "environment", "DEVELOPMENT")).releaseId();
    await().atMost(Duration.ofSeconds(30)).until(() ->
        audit.forSubject("release", releaseId).stream().anyMatch(e -> e.detail() != null && e.detail().contains("Released:")));
    int events = audit.forSubject("release", releaseId).size();
    long notifications = inbox.latest("developer").size();
    Release before = releases.load(releaseId);
    assertThat(before.status()).isEqualTo(ReleaseStatus.RELEASED);
    assertThat(before.decidedBy()).isEqualTo("system");

    long instance = before.processInstanceKey();
    assertThat(steps.validate(instance, releaseId).valid()).isTrue();
    steps.recordDecision(instance, releaseId);
    steps.buildBundle(instance, releaseId);
    assertThat(steps.rollOut(instance, releaseId)).isTrue();
    steps.notifyStatus(instance, releaseId);

    Release after = releases.load(releaseId);
    assertThat(after.status()).isEqualTo(ReleaseStatus.RELEASED);
    assertThat(after.decidedBy()).isEqualTo("system");
    assertThat(after.bundleSha256()).isEqualTo(before.bundleSha256());
    assertThat(targetApps.publicationCount("release-" + releaseId + "-native-FULL")).isEqualTo(1);
    assertThat(audit.forSubject("release", releaseId)).hasSize(events);
    assertThat(inbox.latest("developer")).hasSize((int) notifications);
  }
}
