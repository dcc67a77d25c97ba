package dev.miniflow.removal;

import static dev.miniflow.removal.RemovalProcess.*;

import dev.miniflow.release.LiveReleases;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.tasklist.TaskIntake;
import dev.miniflow.tasklist.TaskIntake.Decision;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The steps of the removal processes, called only by {@link RemovalWorkers}: each reads its
 * removal from the row bound to the job's instance (never from a variable) and is idempotent.
 */
@Component
class RemovalSteps {
  private final RemovalRepository removals;
  private final RemovalProcess process;
  private final LiveReleases releases;
  private final TaskIntake tasks;
  private final AuditTrail audit;
  private final TransactionTemplate tx;

  RemovalSteps(RemovalRepository removals, RemovalProcess process, LiveReleases releases, TaskIntake tasks,
      AuditTrail audit, TransactionTemplate tx) {
    this.removals = removals;
    this.process = process;
    this.releases = releases;
    this.tasks = tasks;
    this.audit = audit;
    this.tx = tx;
  }

  /** Records the decision taken in this instance's review task: decision, comment and reviewer come from the task. */
  @Transactional
  void recordDecision(long instanceKey, long removalId) {
    Removal removal = process.bound(instanceKey, removalId);
    if (removal.kind() != Removal.Kind.REQUESTED) {
      throw removal.refuse("a finding is not decided by a removal review");
    }
    if (removal.status() != Removal.Status.UNDER_REVIEW || removal.decidedBy() != null) {
      return; // decided already (a job delivered twice), or withdrawn
    }
    Decision decision = decision(instanceKey, removal, "approve", "reject");
    boolean approved = "approve".equals(decision.decision());
    if (removals.transition(removalId, Removal.Status.names(Removal.Status.UNDER_REVIEW),
        (approved ? Removal.Status.UNDER_REVIEW : Removal.Status.REJECTED).name(),
        decision.decidedBy(), decision.comment()) == 1) {
      audit.record(decision.decidedBy(), approved ? RemovalAudit.APPROVED : RemovalAudit.REJECTED, removalId,
          removal.workspaceId(), decision.comment());
    }
  }

  /**
   * Takes every affected release offline through its connector; then the removal is done. Only
   * an approved request or an open finding is taken offline.
   */
  void takeOffline(long instanceKey, long removalId) {
    Removal removal = tx.execute(s -> process.bound(instanceKey, removalId));
    if (removal.status() == Removal.Status.REMOVED) {
      return; // done already
    }
    boolean approved = removal.kind() == Removal.Kind.REQUESTED && removal.status() == Removal.Status.UNDER_REVIEW
        && removal.decidedBy() != null;
    boolean finding = removal.kind() == Removal.Kind.FORCED && Removal.Status.OPEN.contains(removal.status());
    if (!approved && !finding) {
      throw removal.refuse("removal " + removalId + " is " + removal.status()
          + (removal.kind() == Removal.Kind.REQUESTED ? " and was not approved" : "") + "; nothing is taken offline");
    }
    for (long releaseId : removal.releaseIds()) {
      releases.takeOffline(releaseId, removalId, removal.reason());
    }
    tx.executeWithoutResult(s -> {
      if (removals.transition(removalId, Removal.Status.names(Removal.Status.OPEN), Removal.Status.REMOVED.name(), null,
          null) == 1) {
        audit.record(AuditTrail.SYSTEM, RemovalAudit.REMOVED, removalId, removal.workspaceId(),
            "Releases " + removal.releaseIds() + " taken offline");
      }
    });
  }

  /** Records the inspector's review of a rectification, from the completed review task. */
  @Transactional
  void recordRectificationReview(long instanceKey, long removalId) {
    Removal removal = process.bound(instanceKey, removalId);
    if (removal.status() != Removal.Status.RECTIFICATION_SUBMITTED) {
      if (removal.kind() == Removal.Kind.FORCED && removal.rectification() != null) {
        return; // reviewed already: a job delivered twice
      }
      throw removal.refuse("removal " + removalId + " has no rectification waiting for review");
    }
    Decision decision = decision(instanceKey, removal, "accept", "reject");
    boolean accepted = "accept".equals(decision.decision());
    if (removals.transition(removalId, Removal.Status.names(Removal.Status.RECTIFICATION_SUBMITTED),
        (accepted ? Removal.Status.RESOLVED : Removal.Status.WARNED).name(),
        decision.decidedBy(), decision.comment()) == 1) {
      audit.record(decision.decidedBy(),
          accepted ? RemovalAudit.RECTIFICATION_ACCEPTED : RemovalAudit.RECTIFICATION_REJECTED,
          removalId, removal.workspaceId(), decision.comment());
    }
  }

  @Transactional
  void closeWithdrawn(long instanceKey, long removalId) {
    Removal removal = process.bound(instanceKey, removalId);
    if (removal.status() != Removal.Status.WITHDRAWN) {
      throw removal.refuse("removal " + removalId + " was not withdrawn; it is " + removal.status());
    }
    tasks.cancelOpenTasks(REMOVAL_ID, String.valueOf(removalId));
  }

  private Decision decision(long instanceKey, Removal removal, String yes, String no) {
    return tasks.takeDecision(removal.kind() == Removal.Kind.REQUESTED ? REMOVAL_ID : FORCE_REMOVAL_ID, instanceKey,
        String.valueOf(removal.id()), Set.of(yes, no), why -> removal.refuse(why));
  }

}
