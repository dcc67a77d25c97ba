package dev.miniflow.tasklist.sla;

import dev.miniflow.support.AuditAction;

/** What the audit trail records about due dates: their configuration, and reminders and escalations of tasks. */
enum SlaAudit implements AuditAction {
  SET("sla.set", "sla"),
  REMOVED("sla.removed", "sla"),
  REMINDED("task.reminded", "task"),
  ESCALATED("task.escalated", "task");

  private final String code;
  private final String subjectType;

  SlaAudit(String code, String subjectType) {
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
