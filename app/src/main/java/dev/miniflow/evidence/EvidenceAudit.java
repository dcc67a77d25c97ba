package dev.miniflow.evidence;

import dev.miniflow.support.AuditAction;

/** What the audit trail records about its own evidence. */
enum EvidenceAudit implements AuditAction {
  KEY_ROTATED("evidence-key.rotated");

  private final String code;

  EvidenceAudit(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public String subjectType() {
    return "evidence-key";
  }
}
