package dev.miniflow.tasklist;

import dev.miniflow.support.AuditAction;

/** What the audit trail records about out-of-office delegations. */
enum DelegationAudit implements AuditAction {
  SET("delegation.set"),
  ENDED("delegation.ended");

  static final String SUBJECT = "delegation";

  private final String code;

  DelegationAudit(String code) {
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
