package dev.miniflow.authorization;

import dev.miniflow.notification.Inbox;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The steps of the authorization process that tell people: the grantee of the outcome and of the
 * coming end, the workspace admins of a request nobody decided. Once per grant, status and person.
 */
@Component
class AccessNotifications {
  private final AuthorizationProcess process;
  private final Inbox inbox;
  private final WorkspaceAccess workspaces;
  private final AuditTrail audit;

  AccessNotifications(AuthorizationProcess process, Inbox inbox, WorkspaceAccess workspaces, AuditTrail audit) {
    this.process = process;
    this.inbox = inbox;
    this.workspaces = workspaces;
    this.audit = audit;
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
  void escalate(long instanceKey, long grantId) {
    AccessGrant grant = process.bound(instanceKey, grantId);
    if (grant.status() != GrantStatus.REQUESTED) {
      return;
    }
    for (String admin : workspaces.membersWithRole(grant.workspaceId(), Role.ADMIN)) {
      inbox.send(grant.workspaceId(), admin, "grant-" + grantId + "-escalated-" + admin, "Access request waiting",
          grant.grantee() + " asked for " + grant.scopes() + " on " + grant.requestedAt()
              + " and nobody has decided yet.",
          "/tasks");
    }
    audit.record("system", AccessAudit.ESCALATED, grantId, grant.workspaceId(), "to the workspace admins");
  }

  @Transactional
  void notifyGrantee(long instanceKey, long grantId) {
    AccessGrant grant = process.bound(instanceKey, grantId);
    String what = grant.scopes().toString().toLowerCase();
    String body = switch (grant.status()) {
      case ACTIVE ->
        "Your " + what + " access was granted by " + grant.decidedBy() + " until " + grant.expiresAt() + ".";
      case REJECTED -> "Your " + what + " access request was rejected by " + grant.decidedBy() + ": "
          + grant.decisionComment();
      case EXPIRED -> "Your " + what + " access has expired.";
      case REVOKED -> "Your " + what + " access was revoked by " + grant.endedBy() + ".";
      case REQUESTED -> null;
    };
    if (body != null) {
      inbox.send(grant.workspaceId(), grant.grantee(), "grant-" + grantId + "-" + grant.status(),
          "Access " + grant.status().name().toLowerCase(),
          body, null);
    }
  }
}
