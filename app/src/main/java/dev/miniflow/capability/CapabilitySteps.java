package dev.miniflow.capability;

import static dev.miniflow.capability.FeaturePermissionProcess.PROCESS_ID;

import dev.miniflow.engine.StepRefused;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.notification.Inbox;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.tasklist.TaskIntake;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The steps of bpmn/feature-permission.bpmn, called only by {@link FeaturePermissionWorkers}: each
 * reads its request from the row bound to the job's instance (never from a variable), takes the
 * decision from the completed review task, and is idempotent.
 */
@Component
class CapabilitySteps {
  private final CapabilityGrantRepository grants;
  private final FeaturePermissionProcess process;
  private final TaskIntake tasks;
  private final MiniProgramService miniPrograms;
  private final Inbox inbox;
  private final AuditTrail audit;

  CapabilitySteps(CapabilityGrantRepository grants, FeaturePermissionProcess process, TaskIntake tasks,
      MiniProgramService miniPrograms, Inbox inbox, AuditTrail audit) {
    this.grants = grants;
    this.process = process;
    this.tasks = tasks;
    this.miniPrograms = miniPrograms;
    this.inbox = inbox;
    this.audit = audit;
  }

  @Transactional
  void recordDecision(long instanceKey, long grantId) {
    CapabilityGrant grant = process.bound(instanceKey, grantId);
    if (grant.status() != CapabilityGrant.Status.REQUESTED) {
      return; // decided already: a job delivered twice
    }
    TaskIntake.Decision decision = tasks.takeDecision(PROCESS_ID, instanceKey, String.valueOf(grantId),
        Set.of("approve", "reject"), why -> refuse(grant, why));
    boolean approved = "approve".equals(decision.decision());
    CapabilityGrant.Status to = approved ? CapabilityGrant.Status.GRANTED : CapabilityGrant.Status.REJECTED;
    if (grants.decide(grantId, to.name(), decision.decidedBy(), decision.comment()) == 1) {
      audit.record(decision.decidedBy(), approved ? CapabilityAudit.GRANTED : CapabilityAudit.REJECTED, grantId,
          grant.workspaceId(), grant.capabilityCode() + (decision.comment() == null ? "" : ": " + decision.comment()));
    }
  }

  /** Tells the requester what was decided (once per decision: the inbox keys it). */
  @Transactional
  void notifyRequester(long instanceKey, long grantId) {
    CapabilityGrant grant = process.bound(instanceKey, grantId);
    if (grant.status() == CapabilityGrant.Status.REQUESTED) {
      throw refuse(grant, "capability request " + grantId + " is not decided yet");
    }
    String program = miniPrograms.miniProgramWithoutAccessCheck(grant.miniProgramId()).name();
    inbox.send(grant.workspaceId(), grant.requestedBy(), "capability-" + grantId + "-" + grant.status(),
        "Capability " + grant.capabilityCode() + " for " + program + ": " + grant.status().name().toLowerCase(),
        grant.decisionComment() == null ? "" : grant.decisionComment(),
        "/mini-programs/" + grant.miniProgramId() + "/capabilities");
  }

  private static StepRefused refuse(CapabilityGrant grant, String why) {
    return new StepRefused(why, grant.workspaceId(), CapabilityGrant.SUBJECT, grant.id());
  }
}
