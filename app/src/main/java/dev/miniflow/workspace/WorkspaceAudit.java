package dev.miniflow.workspace;

import dev.miniflow.support.AuditAction;

/** What the audit trail records about workspaces, their members and invitations, and accounts. */
enum WorkspaceAudit implements AuditAction {
  WORKSPACE_CREATED("workspace.created", "workspace"),
  WORKSPACE_RENAMED("workspace.renamed", "workspace"),
  WORKSPACE_ARCHIVED("workspace.archived", "workspace"),
  WORKSPACE_RESTORED("workspace.restored", "workspace"),
  MEMBER_ADDED("member.added", "workspace"),
  MEMBER_ROLES_CHANGED("member.roles-changed", "workspace"),
  MEMBER_REMOVED("member.removed", "workspace"),
  MEMBER_BLOCKED("member.blocked", "workspace"),
  MEMBER_UNBLOCKED("member.unblocked", "workspace"),
  INVITATION_CREATED("invitation.created", "workspace"),
  INVITATION_ACCEPTED("invitation.accepted", "workspace"),
  INVITATION_WITHDRAWN("invitation.withdrawn", "workspace"),
  INVITATION_RESENT("invitation.resent", "workspace"),
  ACCOUNT_CREATED("account.created", "account"),
  PLATFORM_ROLES_GRANTED("platform.roles-granted", "account"),
  LOGIN_FAILED("login.failed", "account"),
  LOGIN_LOCKED_OUT("login.locked-out", "account");

  private final String code;
  private final String subjectType;

  WorkspaceAudit(String code, String subjectType) {
    this.code = code;
    this.subjectType = subjectType;
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public String subjectType() {
    return subjectType;
  }
}
