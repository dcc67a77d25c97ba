package dev.miniflow.capability;

import dev.miniflow.engine.EngineStartedEmpty;
import dev.miniflow.engine.ProcessInstanceCanceled;
import dev.miniflow.support.AuditTrail;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Capability requests after their process was lost (the embedded engine restarted empty) or canceled in the monitor. */
@Component
class CapabilityRecovery {
  private final CapabilityGrantRepository grants;
  private final FeaturePermissionProcess process;
  private final AuditTrail audit;

  CapabilityRecovery(CapabilityGrantRepository grants, FeaturePermissionProcess process, AuditTrail audit) {
    this.grants = grants;
    this.process = process;
    this.audit = audit;
  }

  /** Requests still waiting are asked again; grants need no process. */
  @EventListener
  @Order(10)
  public void on(EngineStartedEmpty restarted) {
    for (CapabilityGrant grant : grants.findRequested()) {
      process.restart(grant);
    }
  }

  /** An admin canceled the review in the monitor: the request is refused. */
  @EventListener
  @Transactional
  public void on(ProcessInstanceCanceled canceled) {
    for (CapabilityGrant grant : grants.findBoundTo(canceled.processInstanceKey())) {
      if (grants.decide(grant.id(), CapabilityGrant.Status.REJECTED.name(), canceled.canceledBy(),
          "Its process instance was canceled in the monitor") == 1) {
        audit.record(canceled.canceledBy(), CapabilityAudit.REJECTED, grant.id(), grant.workspaceId(),
            "Its process instance was canceled in the monitor");
      }
    }
  }
}
