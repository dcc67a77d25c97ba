package dev.miniflow.release;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import dev.miniflow.notification.Inbox;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.PartnerStub;
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
 * Jobs may be delivered twice, even at the same time: the partner is asked once per publication
 * (counted at an HTTP partner that does not deduplicate), and steps run again change nothing.
 */
@EmbeddedMiniflowTest
class ReleaseStepIdempotencyTest {
  @LocalServerPort int port;
  @Autowired ReleaseQueries releases;
  @Autowired ReleaseValidation validation;
  @Autowired ReleaseSteps steps;
  @Autowired ReleaseBundles bundles;
  @Autowired ReleaseRollout rollout;
  @Autowired AuditTrail audit;
  @Autowired Inbox inbox;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;

  @Test
  void theRollOutJobDeliveredTwiceAtOncePublishesOnceAndEveryStepRunAgainChangesNothing() {
    String base = "http://localhost:" + port;
    ApiClient developer = new ApiClient(base, "developer", EmbeddedMiniflowTest.PASSWORD);
    ApiClient reviewer = new ApiClient(base, "reviewer", EmbeddedMiniflowTest.PASSWORD);
    ApiClient operator = new ApiClient(base, "operator", EmbeddedMiniflowTest.PASSWORD);
    ApiClient admin = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
    long ws = TestWorkspaces.create(workspaces, tx, "Twice", Map.of("admin", Set.of(Role.ADMIN),
        "developer", Set.of(Role.DEVELOPER), "reviewer", Set.of(Role.REVIEWER), "operator", Set.of(Role.OPERATOR)));
    // slow enough that the second delivery surely comes while the first one is asking
    try (PartnerStub partner = new PartnerStub(Duration.ofSeconds(2))) {
      partner.comeBack();
      long app = developer.defaultTargetAppId(ws);
      assertThat(admin.put("/api/v1/target-apps/" + app, Map.of("connector", "http", "endpointUrl", partner.url(),
          "secret", "twice-secret-123")).status()).isEqualTo(200);
      long mp = developer.createMiniProgram(ws, "Twice " + UUID.randomUUID()).id();
      long versionId = developer.upload(mp, "1.0.0", TestPackages.valid()).id();
      long releaseId = developer.post("/api/v1/releases", Map.of("versionId", versionId, "targetAppId", app,
          "environment", "PRODUCTION")).releaseId();
      assertThat(reviewer.post("/api/v1/tasks/" + Releases.awaitReviewTask(reviewer, releaseId) + "/complete",
          Map.of("decision", "approve", "comment", "ok")).status()).isEqualTo(200);
      Releases.awaitStatus(developer, releaseId, "APPROVED");
      long instance = releases.load(releaseId).processInstanceKey();

      // the process's own delivery of the roll-out job is asking the partner, the release still APPROVED
      assertThat(operator.post("/api/v1/releases/" + releaseId + "/full").status()).isEqualTo(202);
      await().atMost(Duration.ofSeconds(30)).until(() -> partner.inFlight() == 1);
      assertThat(releases.load(releaseId).status()).isEqualTo(ReleaseStatus.APPROVED);
      // a second delivery of the same job meanwhile does not ask again: it is tried again later
      assertThatThrownBy(() -> rollout.rollOut(instance, releaseId)).isInstanceOf(PublicationInProgress.class)
          .hasMessageContaining("being published by another delivery");

      Releases.awaitStatus(developer, releaseId, "RELEASED");
      assertThat(partner.calls()).isEqualTo(1);
      assertThat(partner.acceptedForRelease(releaseId)).isEqualTo(1);
      assertThat(count(releaseId, "release.released")).isEqualTo(1);

      // every step delivered again once it is all done
      int events = audit.forSubject("release", releaseId).size();
      long notifications = inbox.latest("developer").size();
      Release before = releases.load(releaseId);
      assertThat(validation.validate(instance, releaseId).valid()).isTrue();
      steps.recordDecision(instance, releaseId);
      bundles.buildBundle(instance, releaseId);
      assertThat(rollout.rollOut(instance, releaseId)).isTrue();
      steps.notifyStatus(instance, releaseId);

      Release after = releases.load(releaseId);
      assertThat(after.status()).isEqualTo(ReleaseStatus.RELEASED);
      assertThat(after.decidedBy()).isEqualTo("reviewer");
      assertThat(after.bundleSha256()).isEqualTo(before.bundleSha256());
      assertThat(partner.calls()).as("calls the partner received").isEqualTo(1);
      assertThat(audit.forSubject("release", releaseId)).hasSize(events);
      assertThat(inbox.latest("developer")).hasSize((int) notifications);
    }
  }

  private long count(long releaseId, String action) {
    return audit.forSubject("release", releaseId).stream().filter(e -> e.action().equals(action)).count();
  }
}
