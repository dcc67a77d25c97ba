package dev.miniflow.monitor;

import dev.miniflow.support.AuditAction;

/** What the audit trail records about an admin's operations on process instances. */
enum MonitorAudit implements AuditAction {
  INCIDENT_RETRIED("incident.retried"),
  INSTANCE_CANCELED("instance.canceled");

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
