package dev.miniflow.monitor;

import dev.miniflow.support.AuditAction;

/** What the audit trail records about an admin's operations on process instances. */
enum MonitorAudit implements AuditAction {
  INCIDENT_RETRIED("incident.retried"),
  INSTANCE_CANCELED("instance.canceled"),
  /** A variable changed to fix an incident, with its old and new value. */
  VARIABLE_CHANGED("variable.changed"),
  /** A token moved from one element to another by an admin. */
  INSTANCE_MODIFIED("instance.modified"),
  /** Migrated to another version of its process. */
  INSTANCE_MIGRATED("instance.migrated");

  private final String code;

  MonitorAudit(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public String subjectType() {
    return "process-instance";
  }
}
