package dev.miniflow.removal;

import static dev.miniflow.removal.RemovalProcess.*;

import dev.miniflow.engine.StepRefused;
import dev.miniflow.notification.Inbox;
import dev.miniflow.release.ReleaseService;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.tasklist.TaskIntake;
import dev.miniflow.tasklist.TaskIntake.Decision;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The steps of the removal processes, called only by {@link RemovalWorkers}: each reads its
 * removal from the row bound to the job's instance (never from a variable) and is idempotent.
 */
@Component
class RemovalSteps {
  static final String SUBJECT = RemovalService.SUBJECT;

  private final RemovalRepository removals;
  private final RemovalProcess process;
  private final RemovalParties parties;
  private final ReleaseService releases;
  private final TaskIntake tasks;
  private final Inbox inbox;
  private final AuditTrail audit;
  private final TransactionTemplate tx;
  private final Duration rectifyWithin;

  RemovalSteps(RemovalRepository removals, RemovalProcess process, RemovalParties parties, ReleaseService releases,
      TaskIntake tasks, Inbox inbox, AuditTrail audit, TransactionTemplate tx,
      @Value("${miniflow.removal.rectify-within:P7D}") Duration rectifyWithin) {
    this.removals = removals;
    this.process = process;
    this.parties = parties;
    this.releases = releases;
    this.tasks = tasks;
    this.inbox = inbox;
    this.audit = audit;
    this.tx = tx;
    this.rectifyWithin = rectifyWithin;
  }

  /** Records the decision taken in this instance's review task: decision, comment and reviewer come from the task. */
  @Transactional
  void recordDecision(long instanceKey, long removalId) {
    Removal removal = process.bound(instanceKey, removalId);
    if (removal.kind() != Removal.Kind.REQUESTED) {
      throw refuse(removal, "a finding is not decided by a removal review");
    }
    if (removal.status() != Removal.Status.UNDER_REVIEW || removal.decidedBy() != null) {
      return; // decided already (a job delivered twice), or withdrawn
    }
    Decision decision = decision(instanceKey, removal, "approve", "reject");
    boolean approved = "approve".equals(decision.decision());
    if (removals.transition(removalId, List.of("UNDER_REVIEW"), approved ? "UNDER_REVIEW" : "REJECTED",
        decision.decidedBy(), decision.comment()) == 1) {
      audit.record(decision.decidedBy(), approved ? "removal.approved" : "removal.rejected", SUBJECT, removalId,
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
    boolean finding = removal.kind() == Removal.Kind.FORCED && RemovalService.OPEN.contains(removal.status().name());
    if (!approved && !finding) {
      throw refuse(removal, "removal " + removalId + " is " + removal.status()
          + (removal.kind() == Removal.Kind.REQUESTED ? " and was not approved" : "") + "; nothing is taken offline");
    }
    for (long releaseId : removal.releaseIds()) {
      releases.takeOffline(releaseId, removalId, removal.reason());
    }
    tx.executeWithoutResult(s -> {
      if (removals.transition(removalId, RemovalService.OPEN, "REMOVED", null, null) == 1) {
        audit.record(AuditTrail.SYSTEM, "removal.removed", SUBJECT, removalId, removal.workspaceId(),
            "Releases " + removal.releaseIds() + " taken offline");
      }
    });
  }

  @Transactional
  void warnOwners(long instanceKey, long removalId) {
    Removal removal = process.bound(instanceKey, removalId);
    if (removal.kind() != Removal.Kind.FORCED || removal.status() != Removal.Status.WARNED) {
      throw refuse(removal, "only an open finding warns the owners; removal " + removalId + " is " + removal.status());
    }
    for (String owner : parties.owners(removal)) {
      inbox.send(removal.workspaceId(), owner, "removal-" + removalId + "-warning-" + owner, "Warning: " + parties.programName(removal)
              + " breaks a rule", removal.severity() + " finding \"" + removal.rule() + "\": " + removal.evidence()
              + ". Rectify it within " + rectifyWithin.toDays() + " days or it is removed.",
          "/removals/" + removalId);
    }
    audit.record(AuditTrail.SYSTEM, "removal.warned", SUBJECT, removalId, removal.workspaceId(), "owners " + parties.owners(removal));
  }

  /** Records the inspector's review of a rectification, from the completed review task. */
  @Transactional
  void recordRectificationReview(long instanceKey, long removalId) {
    Removal removal = process.bound(instanceKey, removalId);
    if (removal.status() != Removal.Status.RECTIFICATION_SUBMITTED) {
      if (removal.kind() == Removal.Kind.FORCED && removal.rectification() != null) {
        return; // reviewed already: a job delivered twice
      }
      throw refuse(removal, "removal " + removalId + " has no rectification waiting for review");
    }
    Decision decision = decision(instanceKey, removal, "accept", "reject");
    boolean accepted = "accept".equals(decision.decision());
    if (removals.transition(removalId, List.of("RECTIFICATION_SUBMITTED"), accepted ? "RESOLVED" : "WARNED",
        decision.decidedBy(), decision.comment()) == 1) {
      audit.record(decision.decidedBy(), accepted ? "removal.rectification-accepted" : "removal.rectification-rejected",
          SUBJECT, removalId, removal.workspaceId(), decision.comment());
    }
  }

  @Transactional
  void closeWithdrawn(long instanceKey, long removalId) {
    Removal removal = process.bound(instanceKey, removalId);
    if (removal.status() != Removal.Status.WITHDRAWN) {
      throw refuse(removal, "removal " + removalId + " was not withdrawn; it is " + removal.status());
    }
    tasks.cancelOpenTasks(REMOVAL_ID, String.valueOf(removalId));
    notifyConcerned(instanceKey, removalId);
  }

  /** Tells the requester and the mini program's owners how the removal ended. */
  @Transactional
  void notifyConcerned(long instanceKey, long removalId) {
    Removal removal = process.bound(instanceKey, removalId);
    Set<String> recipients = new LinkedHashSet<>(parties.owners(removal));
    recipients.add(removal.requestedBy());
    String name = parties.programName(removal);
    String subject = switch (removal.status()) {
      case REMOVED -> "Removed: " + name;
      case REJECTED -> "Removal refused: " + name;
      case WITHDRAWN -> "Removal withdrawn: " + name;
      case RESOLVED -> "Finding resolved: " + name;
      default -> null;
    };
    if (subject == null) {
      return;
    }
    String body = subject + ". " + removal.reason()
        + (removal.decisionComment() == null ? "" : " Comment: " + removal.decisionComment());
    for (String recipient : recipients) {
      if (inbox.send(removal.workspaceId(), recipient, "removal-" + removalId + "-" + removal.status() + "-" + recipient, subject, body,
          "/removals/" + removalId)) {
        audit.record(AuditTrail.SYSTEM, "removal.notified", SUBJECT, removalId, removal.workspaceId(),
            recipient + ": " + subject);
      }
    }
  }

  private Decision decision(long instanceKey, Removal removal, String yes, String no) {
    return tasks.takeDecision(removal.kind() == Removal.Kind.REQUESTED ? REMOVAL_ID : FORCE_REMOVAL_ID, instanceKey,
        String.valueOf(removal.id()), Set.of(yes, no), why -> refuse(removal, why));
  }

  private static StepRefused refuse(Removal removal, String why) {
    return new StepRefused(why, removal.workspaceId(), SUBJECT, removal.id());
  }

}
