package dev.miniflow.monitor.batch;

import dev.miniflow.support.AuditAction;

/** What the audit trail records about batch operations (each item is audited as a retry or cancel of its own). */
enum BatchAudit implements AuditAction {
  STARTED("batch.started");

  private final String code;

  BatchAudit(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public String subjectType() {
    return "batch-operation";
  }
}
