package dev.miniflow.listing;

import static dev.miniflow.listing.ListingChangeProcess.PROCESS_ID;

import dev.miniflow.engine.StepRefused;
import dev.miniflow.partner.PartnerRejectedException;
import dev.miniflow.partner.PublicationReceipt;
import dev.miniflow.partner.PublicationRequest;
import dev.miniflow.partner.RolloutStage;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Sha256;
import dev.miniflow.tasklist.TaskIntake;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The steps of bpmn/listing-change.bpmn that change a listing change, called only by
 * {@link ListingChangeWorkers}: each reads its change from the row bound to the job's instance
 * (never from a variable), takes the decision from the completed review task, and is idempotent
 * (the partner gets one key per change).
 */
@Component
class ListingChangeSteps {
  private final ListingChangeRepository changes;
  private final ListingChangeProcess process;
  private final TaskIntake tasks;
  private final TargetApps targetApps;
  private final AuditTrail audit;

  ListingChangeSteps(ListingChangeRepository changes, ListingChangeProcess process, TaskIntake tasks,
      TargetApps targetApps, AuditTrail audit) {
    this.changes = changes;
    this.process = process;
    this.tasks = tasks;
    this.targetApps = targetApps;
    this.audit = audit;
  }

  @Transactional
  void recordDecision(long instanceKey, long changeId) {
    ListingChange change = process.bound(instanceKey, changeId);
    if (change.status() != ListingChange.Status.UNDER_REVIEW) {
      return; // decided already: a job delivered twice
    }
    TaskIntake.Decision decision = tasks.takeDecision(PROCESS_ID, instanceKey, String.valueOf(changeId),
        Set.of("approve", "reject"), why -> refuse(change, why));
    boolean approved = "approve".equals(decision.decision());
    ListingChange.Status to = approved ? ListingChange.Status.APPROVED : ListingChange.Status.REJECTED;
    if (changes.decide(changeId, ListingChange.Status.UNDER_REVIEW.name(), to.name(), decision.decidedBy(),
        decision.comment()) == 1) {
      audit.record(decision.decidedBy(), approved ? ListingAudit.APPROVED : ListingAudit.REJECTED, changeId,
          change.workspaceId(), decision.comment());
    }
  }

  /** Sends the approved listing to the partner, once per change (its idempotency key); a refusal is recorded. */
  @Transactional
  void publish(long instanceKey, long changeId) {
    ListingChange change = process.bound(instanceKey, changeId);
    if (change.status() == ListingChange.Status.PUBLISHED || change.status() == ListingChange.Status.PARTNER_REFUSED
        || change.status() == ListingChange.Status.WITHDRAWN) {
      return; // published before (a job delivered twice), or withdrawn before its decision was recorded
    }
    if (change.status() != ListingChange.Status.APPROVED) {
      throw refuse(change, "listing change " + changeId + " was not approved");
    }
    TargetApp app = targetApps.get(change.targetAppId());
    try {
      PublicationReceipt receipt = targetApps.publish(new PublicationRequest(app, "listing-" + changeId,
          change.listing(), Sha256.hex(change.listing()), null, RolloutStage.LISTING, null, null));
      changes.published(changeId, receipt.partnerReference());
      audit.record(AuditTrail.SYSTEM, ListingAudit.PUBLISHED, changeId, change.workspaceId(),
          app.name() + " (" + receipt.partnerReference() + ")");
    } catch (PartnerRejectedException e) {
      changes.partnerRefused(changeId, e.getMessage());
      audit.record(AuditTrail.SYSTEM, ListingAudit.PARTNER_REFUSED, changeId, change.workspaceId(), e.getMessage());
    }
  }

  private static StepRefused refuse(ListingChange change, String why) {
    return new StepRefused(why, change.workspaceId(), ListingChange.SUBJECT, change.id());
  }
}
