package dev.miniflow.authorization;

import dev.miniflow.support.AuditTrail;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Grants after their process was lost (the embedded engine restarted empty) or canceled in the
 * monitor, and when their grantee leaves the workspace.
 */
@Component
class AccessRecovery {
  private final AccessGrantRepository grants;
  private final AuthorizationProcess process;
  private final MiniProgramDirectory miniPrograms;
  private final AccessPolicy policy;
  private final AuditTrail audit;
  private final GrantSchedule schedule;

  AccessRecovery(AccessGrantRepository grants, AuthorizationProcess process, MiniProgramDirectory miniPrograms,
      AccessPolicy policy, AuditTrail audit, GrantSchedule schedule) {
    this.grants = grants;
    this.process = process;
    this.miniPrograms = miniPrograms;
    this.policy = policy;
    this.audit = audit;
    this.schedule = schedule;
  }

  /**
   * The embedded engine restarted empty: requests still waiting are asked again (their review
   * keeps its due date), approved grants start again before activation or with the time they
   * have left, and a grant whose time ran out meanwhile ends now.
   */
  @org.springframework.context.event.EventListener
  @org.springframework.core.annotation.Order(10)
  public void on(dev.miniflow.engine.EngineStartedEmpty restarted) {
    for (AccessGrant grant : grants.findInFlight()) {
      String name = miniPrograms.find(grant.miniProgramId()).map(MiniProgramDirectory.Listing::name).orElse("?");
      Map<String, Object> variables = new HashMap<>(schedule.variables(grant, name));
      String from = schedule.restartAt(grant);
      if (AuthorizationProcess.ELEMENT_GRANT_ACTIVE.equals(from)) {
        variables.putAll(schedule.timers(grant));
      }
      process.startAt(grant, from, variables);
    }
  }

  /**
   * Someone left the workspace: their roles on its mini programs go, and their active grants are
   * revoked (their processes hear of it), in the transaction that removed them.
   */
  @org.springframework.context.event.EventListener
  @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
  public void on(dev.miniflow.workspace.MemberRemoved removed) {
    int roles = policy.dropRoles(removed.workspaceId(), removed.username());
    if (roles > 0) {
      audit.record(removed.removedBy(), AccessAudit.ROLES_ENDED, removed.username(),
          removed.workspaceId(),
          roles + " mini program role(s) of " + removed.username() + " ended with the membership");
    }
    for (AccessGrant grant : grants.findActiveOf(removed.workspaceId(), removed.username())) {
      if (grants.end(grant.id(), GrantStatus.REVOKED.name(), removed.removedBy()) == 1) {
        audit.record(removed.removedBy(), AccessAudit.REVOKED, grant.id(), grant.workspaceId(),
            removed.username() + " was removed from the workspace");
        process.revoked(grant.id());
      }
    }
  }

  /** An admin canceled the process in the monitor: a waiting request is refused, a running grant ends now. */
  @org.springframework.context.event.EventListener
  @Transactional
  public void on(dev.miniflow.engine.ProcessInstanceCanceled canceled) {
    for (AccessGrant grant : grants.findByProcessInstance(canceled.processInstanceKey())) {
      String to = grant.status() == GrantStatus.REQUESTED ? GrantStatus.REJECTED.name() : GrantStatus.REVOKED.name();
      if (grants.end(grant.id(), to, canceled.canceledBy()) == 1) {
        audit.record(canceled.canceledBy(), AccessAudit.ended(GrantStatus.valueOf(to)), grant.id(), grant.workspaceId(),
            "Its process instance was canceled in the monitor");
      }
    }
  }

}
