package dev.miniflow.tasklist;

import dev.miniflow.support.AuditAction;

/**
 * What the audit trail records in the task list: about human tasks, and about what shapes them
 * (out-of-office delegations, rejection reasons, due dates).
 */
public enum TaskAudit implements AuditAction {
  CREATED("task.created"),
  CLAIMED("task.claimed"),
  UNCLAIMED("task.unclaimed"),
  HANDED_BACK("task.handed-back"),
  ASSIGNED("task.assigned"),
  COMMENTED("task.commented"),
  COMPLETED("task.completed"),
  CANCELED("task.canceled"),
  /** Offered to or handed to a delegate while the person it was meant for is out of office. */
  DELEGATED("task.delegated"),
  /** Made more urgent by its feature (an expedited review). */
  EXPEDITED("task.expedited"),
  REMINDED("task.reminded"),
  ESCALATED("task.escalated"),
  DELEGATION_SET("delegation.set", "delegation"),
  DELEGATION_ENDED("delegation.ended", "delegation"),
  REASON_ADDED("rejection-reason.added", "rejection-reason"),
  REASON_EDITED("rejection-reason.edited", "rejection-reason"),
  REASON_RETIRED("rejection-reason.retired", "rejection-reason"),
  SLA_SET("sla.set", "sla"),
  SLA_REMOVED("sla.removed", "sla");

  /** The subject type of a task's audit events. */
  public static final String SUBJECT = "task";

  private final String code;
  private final String subjectType;

  TaskAudit(String code) {
    this(code, SUBJECT);
  }

  TaskAudit(String code, String subjectType) {
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
