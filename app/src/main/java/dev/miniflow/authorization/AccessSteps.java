package dev.miniflow.authorization;

import static dev.miniflow.authorization.AccessRequests.SUBJECT;
import static dev.miniflow.authorization.AuthorizationProcess.PROCESS_ID;

import dev.miniflow.engine.StepRefused;
import dev.miniflow.notification.Inbox;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.tasklist.TaskIntake;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The steps of the authorization process, called only by {@link AuthorizationWorkers}: each reads
 * its grant from the row bound to the job's instance (never from a variable) and is idempotent.
 */
@Component
class AccessSteps {
  private final AccessGrantRepository grants;
  private final AuthorizationProcess process;
  private final TaskIntake tasks;
  private final Inbox inbox;
  private final AuditTrail audit;
  private final WorkspaceAccess workspaces;
  private final Clock clock;

  AccessSteps(AccessGrantRepository grants, AuthorizationProcess process, TaskIntake tasks, Inbox inbox,
      AuditTrail audit, WorkspaceAccess workspaces, Clock clock) {
    this.grants = grants;
    this.process = process;
    this.tasks = tasks;
    this.inbox = inbox;
    this.audit = audit;
    this.workspaces = workspaces;
    this.clock = clock;
  }

  /** Records the decision taken in this instance's review task: decision, comment and approver come from the task. */
  @Transactional
  void recordDecision(long instanceKey, long grantId) {
    AccessGrant grant = process.bound(instanceKey, grantId);
    if (grant.status() != GrantStatus.REQUESTED) {
      return; // decided already: a job delivered twice
    }
    TaskIntake.Decision decision = tasks.takeDecision(PROCESS_ID, instanceKey, String.valueOf(grantId),
        Set.of("approve", "reject"), why -> refuse(grant, why));
    boolean approved = "approve".equals(decision.decision());
    String by = decision.decidedBy();
    if (grants.decide(grantId, (approved ? GrantStatus.ACTIVE : GrantStatus.REJECTED).name(), by,
        decision.comment()) == 1) {
      audit.record(by, approved ? AccessAudit.APPROVED : AccessAudit.REJECTED, grantId, grant.workspaceId(),
          decision.comment());
    }
  }

  /** Starts the clock of an approved grant. @return how long until the reminder and then the end, for the timers */
  @Transactional
  Map<String, Object> activate(long instanceKey, long grantId) {
    AccessGrant grant = process.bound(instanceKey, grantId);
    if (grant.status() == GrantStatus.REQUESTED) {
      throw refuse(grant, "access request " + grantId + " was not approved");
    }
    if (grant.startsAt() == null && grant.status() == GrantStatus.ACTIVE) {
      Instant starts = clock.instant();
      grants.activate(grantId, Timestamp.from(starts), Timestamp.from(starts.plus(Duration.ofDays(grant.days()))));
      grant = grants.findCommitted(grantId).orElseThrow();
      audit.record("system", AccessAudit.ACTIVATED, grantId, grant.workspaceId(),
          grant.scopes() + " for " + grant.grantee() + " until " + grant.expiresAt());
    }
    return process.timers(grant);
  }

  @Transactional
  void remindExpiry(long instanceKey, long grantId) {
    AccessGrant grant = process.bound(instanceKey, grantId);
    if (grant.status() == GrantStatus.ACTIVE) {
      inbox.send(grant.workspaceId(), grant.grantee(), "grant-" + grantId + "-expiring", "Your access expires soon",
          "Your " + grant.scopes() + " access ends at " + grant.expiresAt() + ".", null);
    }
  }

  @Transactional
  void expire(long instanceKey, long grantId) {
    AccessGrant grant = process.bound(instanceKey, grantId);
    if (grant.status() == GrantStatus.REQUESTED) {
      throw refuse(grant, "access request " + grantId + " is still waiting for its review; it cannot expire");
    }
    if (grants.end(grantId, GrantStatus.EXPIRED.name(), "system") == 1) {
      audit.record("system", AccessAudit.EXPIRED, grantId, grant.workspaceId(), grant.scopes() + " of " + grant.grantee());
    }
  }

  @Transactional
  void escalate(long instanceKey, long grantId) {
    AccessGrant grant = process.bound(instanceKey, grantId);
    if (grant.status() != GrantStatus.REQUESTED) {
      return;
    }
    for (String admin : workspaces.membersWithRole(grant.workspaceId(), Role.ADMIN)) {
      inbox.send(grant.workspaceId(), admin, "grant-" + grantId + "-escalated-" + admin, "Access request waiting",
          grant.grantee() + " asked for " + grant.scopes() + " on " + grant.requestedAt()
              + " and nobody has decided yet.", "/tasks");
    }
    audit.record("system", AccessAudit.ESCALATED, grantId, grant.workspaceId(), "to the workspace admins");
  }

  @Transactional
  void notifyGrantee(long instanceKey, long grantId) {
    AccessGrant grant = process.bound(instanceKey, grantId);
    String what = grant.scopes().toString().toLowerCase();
    String body = switch (grant.status()) {
      case ACTIVE -> "Your " + what + " access was granted by " + grant.decidedBy() + " until " + grant.expiresAt() + ".";
      case REJECTED -> "Your " + what + " access request was rejected by " + grant.decidedBy() + ": "
          + grant.decisionComment();
      case EXPIRED -> "Your " + what + " access has expired.";
      case REVOKED -> "Your " + what + " access was revoked by " + grant.endedBy() + ".";
      case REQUESTED -> null;
    };
    if (body != null) {
      inbox.send(grant.workspaceId(), grant.grantee(), "grant-" + grantId + "-" + grant.status(), "Access " + grant.status().name().toLowerCase(),
          body, null);
    }
  }

  private static StepRefused refuse(AccessGrant grant, String why) {
    return new StepRefused(why, grant.workspaceId(), SUBJECT, grant.id());
  }

}
