package dev.miniflow.capability;

import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.support.Text;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A workspace admin takes a granted capability back: the next release that declares it is refused. */
@Service
class CapabilityRevocation {
  private final CapabilityGrantRepository grants;
  private final WorkspaceAccess access;
  private final AuditTrail audit;

  CapabilityRevocation(CapabilityGrantRepository grants, WorkspaceAccess access, AuditTrail audit) {
    this.grants = grants;
    this.access = access;
    this.audit = audit;
  }

  @Transactional
  CapabilityGrant revoke(long grantId, String reason) {
    CapabilityGrant grant = grants.findById(grantId)
        .orElseThrow(() -> Problems.notFound("Capability grant " + grantId));
    String admin = access.require(grant.workspaceId(), "Capability grant " + grantId, Role.ADMIN);
    String why = Text.prose(reason, "reason", 2000);
    if (grants.revoke(grantId, admin, why.isEmpty() ? null : why) == 0) {
      throw Problems.conflict("Only a granted capability can be revoked; this one is " + grant.status() + ".");
    }
    audit.record(admin, CapabilityAudit.REVOKED, grantId, grant.workspaceId(),
        grant.capabilityCode() + (why.isEmpty() ? "" : ": " + why));
    return grants.findById(grantId).orElseThrow();
  }
}
