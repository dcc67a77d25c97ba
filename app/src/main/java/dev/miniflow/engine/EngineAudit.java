package dev.miniflow.engine;

import dev.miniflow.support.AuditAction;

/** What the audit trail records about the engine's jobs. */
enum EngineAudit implements AuditAction {
  /** A {@link StepRefused}: about the object the refusal names (a release, a grant, a process instance, ...). */
  STEP_REFUSED("process.step-refused");

  private final String code;

  EngineAudit(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  /** The refusal names its object's type. */
  @Override
  public String subjectType() {
    return null;
  }
}
