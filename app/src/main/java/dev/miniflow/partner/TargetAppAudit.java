package dev.miniflow.partner;

import dev.miniflow.support.AuditAction;

/** What the audit trail records about target apps. */
enum TargetAppAudit implements AuditAction {
  CONFIGURED("target-app.configured"),
  ADDED("target-app.added"),
  RULES_CHANGED("target-app.rules-changed"),
  ENABLED("target-app.enabled"),
  DISABLED("target-app.disabled");

  private final String code;

  TargetAppAudit(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public String subjectType() {
    return "target-app";
  }
}
