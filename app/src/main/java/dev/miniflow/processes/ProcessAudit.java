package dev.miniflow.processes;

import dev.miniflow.support.AuditAction;

/** What the audit trail records about deployed processes and forms. */
enum ProcessAudit implements AuditAction {
  DEPLOYED("process.deployed", "process"),
  /** Deployed again with nothing changed. */
  UNCHANGED("process.unchanged", "process"),
  FORM_DEPLOYED("form.deployed", "form"),
  /** Deployed again with nothing changed. */
  FORM_UNCHANGED("form.unchanged", "form");

  private final String code;
  private final String subjectType;

  ProcessAudit(String code, String subjectType) {
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
