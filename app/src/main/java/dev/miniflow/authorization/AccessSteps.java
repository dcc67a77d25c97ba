package dev.miniflow.authorization;

import static dev.miniflow.authorization.AccessRequests.SUBJECT;
import static dev.miniflow.authorization.AuthorizationProcess.PROCESS_ID;

import dev.miniflow.engine.StepRefused;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.tasklist.TaskIntake;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The steps of the authorization process that change a grant (the ones that tell people are
 * {@link AccessNotifications}), called only by {@link AuthorizationWorkers}: each reads
 * its grant from the row bound to the job's instance (never from a variable) and is idempotent.
 */
@Component
class AccessSteps {
  private final AccessGrantRepository grants;
  private final AuthorizationProcess process;
  private final TaskIntake tasks;
  private final AuditTrail audit;
  private final GrantSchedule schedule;
  private final Clock clock;

  AccessSteps(AccessGrantRepository grants, AuthorizationProcess process, TaskIntake tasks, AuditTrail audit,
      GrantSchedule schedule, Clock clock) {
    this.grants = grants;
    this.process = process;
    this.tasks = tasks;
    this.audit = audit;
    this.schedule = schedule;
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
    return schedule.timers(grant);
  }

  @Transactional
  void expire(long instanceKey, long grantId) {
    AccessGrant grant = process.bound(instanceKey, grantId);
    if (grant.status() == GrantStatus.REQUESTED) {
      throw refuse(grant, "access request " + grantId + " is still waiting for its review; it cannot expire");
    }
    if (grants.end(grantId, GrantStatus.EXPIRED.name(), "system") == 1) {
      audit.record("system", AccessAudit.EXPIRED, grantId, grant.workspaceId(),
          grant.scopes() + " of " + grant.grantee());
    }
  }

  private static StepRefused refuse(AccessGrant grant, String why) {
    return new StepRefused(why, grant.workspaceId(), SUBJECT, grant.id());
  }

}
