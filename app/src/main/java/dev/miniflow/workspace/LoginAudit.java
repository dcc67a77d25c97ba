package dev.miniflow.workspace;

import dev.miniflow.support.AuditTrail;
import org.springframework.context.event.EventListener;
import org.springframework.security.authentication.event.AbstractAuthenticationFailureEvent;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/** Failed logins go into the audit trail of every workspace the account belongs to. */
@Component
class LoginAudit {
  private final WorkspaceAccess access;
  private final AuditTrail audit;
  private final TransactionTemplate tx;

  LoginAudit(WorkspaceAccess access, AuditTrail audit, TransactionTemplate tx) {
    this.access = access;
    this.audit = audit;
    this.tx = tx;
  }

  @EventListener
  void failed(AbstractAuthenticationFailureEvent event) {
    String username = String.valueOf(event.getAuthentication().getName());
    String name = username.length() > 64 ? username.substring(0, 64) : username;
    String reason = event.getException().getClass().getSimpleName();
    tx.executeWithoutResult(status -> {
      var workspaces = access.workspacesOf(name);
      if (workspaces.isEmpty()) {
        audit.record(name, WorkspaceAudit.LOGIN_FAILED, name, null, reason);
      }
      workspaces.forEach(ws -> audit.record(name, WorkspaceAudit.LOGIN_FAILED, name, ws, reason));
    });
  }
}
