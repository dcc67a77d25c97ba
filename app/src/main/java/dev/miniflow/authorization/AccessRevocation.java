package dev.miniflow.authorization;

import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.WorkspaceAccess;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A mini program's admins end a grant before its time. */
@Service
public class AccessRevocation {
  private final AccessGrantRepository grants;
  private final AuthorizationProcess process;
  private final WorkspaceAccess workspaces;
  private final AccessPolicy policy;
  private final AuditTrail audit;

  AccessRevocation(AccessGrantRepository grants, AuthorizationProcess process, WorkspaceAccess workspaces,
      AccessPolicy policy, AuditTrail audit) {
    this.grants = grants;
    this.process = process;
    this.workspaces = workspaces;
    this.policy = policy;
    this.audit = audit;
  }

  /** Ends a grant at once; its process hears of it and stops waiting for the expiry. */
  @Transactional
  public AccessGrant revoke(long grantId, String reason) {
    AccessGrant grant = grants.findById(grantId).orElseThrow(() -> Problems.notFound("Access grant " + grantId));
    workspaces.requireMember(grant.workspaceId(), "Access grant " + grantId);
    String admin = policy.require(grant.workspaceId(), grant.miniProgramId(), Scope.MEMBERS);
    if (grant.status() != GrantStatus.ACTIVE || grants.end(grantId, GrantStatus.REVOKED.name(), admin) == 0) {
      throw Problems.conflict("Only an active grant can be revoked; this one is "
          + grants.findCommitted(grantId).orElseThrow().status() + ".");
    }
    audit.record(admin, AccessAudit.REVOKED, grantId, grant.workspaceId(), reason);
    process.revoked(grantId);
    return grants.findCommitted(grantId).orElseThrow();
  }
}
