package dev.miniflow.release;

import static dev.miniflow.release.ReleaseProcess.*;

import dev.miniflow.support.AuditTrail;
import dev.miniflow.tasklist.TaskIntake;
import dev.miniflow.tasklist.TaskIntake.Decision;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The steps of bpmn/release.bpmn around the review and the end of each target app's flow; the
 * larger ones have their own classes ({@link ReleaseValidation}, {@link ReleaseBundles},
 * {@link ReleaseRollout}). Every step reads its release from the row bound to its own instance
 * and is idempotent: a step that finds its work already done returns quietly, because jobs may
 * be delivered twice.
 */
@Component
class ReleaseSteps {
  private final ReleaseRepository releases;
  private final ReleaseProcess process;
  private final TaskIntake tasks;
  private final ReleaseNotifications notifications;
  private final AuditTrail audit;
  private final TransactionTemplate tx;
  private final PhasedReleases phased;

  ReleaseSteps(ReleaseRepository releases, ReleaseProcess process, TaskIntake tasks,
      ReleaseNotifications notifications, AuditTrail audit, TransactionTemplate tx, PhasedReleases phased) {
    this.phased = phased;
    this.releases = releases;
    this.process = process;
    this.tasks = tasks;
    this.notifications = notifications;
    this.audit = audit;
    this.tx = tx;
  }

  /**
   * Records the decision a reviewer took in this instance's review task of the release: the
   * decision, comment and reviewer come from the completed task, never from variables.
   */
  @Transactional
  void recordDecision(long instanceKey, long releaseId) {
    Release release = process.bound(instanceKey, releaseId);
    if (release.status() != ReleaseStatus.UNDER_REVIEW) {
      release.requireReached("record a review decision", ReleaseStatus.APPROVED, ReleaseStatus.REJECTED,
          ReleaseStatus.PILOT, ReleaseStatus.GRAYSCALE, ReleaseStatus.RELEASED, ReleaseStatus.ARCHIVED);
      return; // decided already (a job delivered twice), or stopped meanwhile
    }
    Decision decision = tasks.takeDecision(PROCESS_ID, instanceKey, String.valueOf(releaseId),
        Set.of(DECISION_APPROVE, DECISION_REJECT), why -> release.refuse(why));
    boolean approved = DECISION_APPROVE.equals(decision.decision());
    ReleaseStatus to = approved ? ReleaseStatus.APPROVED : ReleaseStatus.REJECTED;
    if (releases.decide(releaseId, ReleaseStatus.UNDER_REVIEW.name(), to.name(), decision.decidedBy(),
        decision.comment(), null) == 1) {
      audit.record(decision.decidedBy(), approved ? ReleaseAudit.APPROVED : ReleaseAudit.REJECTED, releaseId,
          release.workspaceId(), decision.comment());
    }
  }

  /**
   * The partner refused the publication for good. The refusal was recorded when the partner said
   * it (in {@link #rollOut}); this step only confirms it, so no model can reject a release by
   * calling it.
   */
  @Transactional
  void partnerRejected(long instanceKey, long releaseId) {
    Release release = process.bound(instanceKey, releaseId);
    if (release.status() != ReleaseStatus.REJECTED || !"partner".equals(release.decidedBy())) {
      throw release.refuse("the partner app has not refused release " + releaseId);
    }
  }

  /** After a withdrawal or cancellation: its open tasks go, and the people concerned are told. */
  @Transactional
  void closeStopped(long instanceKey, long releaseId) {
    Release release = process.bound(instanceKey, releaseId);
    if (release.status() != ReleaseStatus.CANCELED && release.status() != ReleaseStatus.WITHDRAWN) {
      throw release.refuse("release " + releaseId + " was not stopped; it is " + release.status());
    }
    tasks.cancelOpenTasks(PROCESS_ID, String.valueOf(releaseId));
    phased.endWithRelease(release);
    notifications.statusChanged(release);
  }

  void notifyStatus(long instanceKey, long releaseId) {
    notifications.statusChanged(tx.execute(status -> process.bound(instanceKey, releaseId)));
  }
}
