package dev.miniflow.tasklist.rejection;

import dev.miniflow.support.AuditAction;

/** What the audit trail records about a workspace's rejection reasons. */
enum RejectionAudit implements AuditAction {
  REASON_ADDED("rejection-reason.added"),
  REASON_EDITED("rejection-reason.edited"),
  REASON_RETIRED("rejection-reason.retired");

  static final String SUBJECT = "rejection-reason";

  private final String code;

  RejectionAudit(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public String subjectType() {
    return SUBJECT;
  }
}
