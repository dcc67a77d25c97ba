package dev.miniflow.capability;

import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.support.AuditTrail;
import java.time.Clock;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records a capability request, in the transaction of the request: a free capability is granted at
 * once, a reviewed one starts its review (an engine that does not take the start leaves nothing).
 */
@Component
class NewCapabilityRequests {
  private final CapabilityGrantRepository grants;
  private final FeaturePermissionProcess process;
  private final AuditTrail audit;
  private final Clock clock;

  NewCapabilityRequests(CapabilityGrantRepository grants, FeaturePermissionProcess process, AuditTrail audit,
      Clock clock) {
    this.grants = grants;
    this.process = process;
    this.audit = audit;
    this.clock = clock;
  }

  @Transactional(propagation = Propagation.MANDATORY)
  CapabilityGrant record(MiniProgram program, TargetApp app, Capability capability, String user, String why,
      String use) {
    boolean free = !capability.reviewed();
    CapabilityGrant saved = grants.save(new CapabilityGrant(null, program.workspaceId(), program.id(), app.id(),
        capability.code(), free ? CapabilityGrant.Status.GRANTED : CapabilityGrant.Status.REQUESTED, why, use, user,
        clock.instant(), free ? AuditTrail.SYSTEM : null, free ? "A free capability of " + app.name() : null,
        free ? clock.instant() : null, null, null, null));
    audit.record(user, CapabilityAudit.REQUESTED, saved.id(), program.workspaceId(),
        capability.code() + " for " + program.name() + " in " + app.name() + ": " + why);
    if (free) {
      audit.record(AuditTrail.SYSTEM, CapabilityAudit.GRANTED, saved.id(), program.workspaceId(),
          capability.code() + " is free in " + app.name());
    } else {
      process.start(saved);
    }
    return grants.findById(saved.id()).orElseThrow();
  }

  static String subject(CapabilityGrant grant, String miniProgram, String targetApp) {
    return "Capability " + grant.capabilityCode() + " for " + miniProgram + " in " + targetApp;
  }
}
