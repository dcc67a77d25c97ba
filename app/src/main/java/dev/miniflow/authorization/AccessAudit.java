package dev.miniflow.authorization;

import dev.miniflow.support.AuditAction;

/** What the audit trail records about developer access: grants, and roles on mini programs. */
enum AccessAudit implements AuditAction {
  REQUESTED("grant.requested", AccessRequests.SUBJECT),
  APPROVED("grant.approved", AccessRequests.SUBJECT),
  REJECTED("grant.rejected", AccessRequests.SUBJECT),
  ACTIVATED("grant.activated", AccessRequests.SUBJECT),
  ESCALATED("grant.escalated", AccessRequests.SUBJECT),
  EXPIRED("grant.expired", AccessRequests.SUBJECT),
  REVOKED("grant.revoked", AccessRequests.SUBJECT),
  RECOVERED("grant.recovered", AccessRequests.SUBJECT),
  ROLE_SET("mini-program.role-set", "mini-program"),
  ROLE_REMOVED("mini-program.role-removed", "mini-program"),
  /** A member left the workspace; the subject is the member's user name. */
  ROLES_ENDED("mini-program.roles-ended", "member");

  private final String code;
  private final String subjectType;

  AccessAudit(String code, String subjectType) {
    this.code = code;
    this.subjectType = subjectType;
  }

  /** The action of a grant that ended as {@code status} (rejected, revoked or expired). */
  static AccessAudit ended(GrantStatus status) {
    return switch (status) {
      case REJECTED -> REJECTED;
      case REVOKED -> REVOKED;
      case EXPIRED -> EXPIRED;
      default -> throw new IllegalArgumentException("A grant does not end as " + status);
    };
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
