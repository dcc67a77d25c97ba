package dev.miniflow.tasklist;

import dev.miniflow.support.AuditAction;

/** What the audit trail records about a human task. */
enum TaskAudit implements AuditAction {
  CREATED("task.created"),
  CLAIMED("task.claimed"),
  UNCLAIMED("task.unclaimed"),
  HANDED_BACK("task.handed-back"),
  ASSIGNED("task.assigned"),
  COMMENTED("task.commented"),
  COMPLETED("task.completed"),
  CANCELED("task.canceled"),
  /** Offered to or handed to a delegate while the person it was meant for is out of office. */
  DELEGATED("task.delegated");

  /** The subject type of a task's audit events. */
  static final String SUBJECT = "task";

  private final String code;

  TaskAudit(String code) {
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
