package dev.miniflow.evidence;

import dev.miniflow.support.AuditAction;

/** What the audit trail records about its own evidence. */
enum EvidenceAudit implements AuditAction {
  KEY_ROTATED("evidence-key.rotated", "evidence-key"),
  /** An evidence bundle was downloaded; about the release, removal or grant it is the evidence of. */
  EXPORTED("evidence.exported", null),
  /** A part of an audit chain was exported (the chain.json or .csv API); about the chain, named by its workspace. */
  CHAIN_EXPORTED("evidence.chain-exported", "audit-chain");

  private final String code;
  private final String subjectType;

  EvidenceAudit(String code, String subjectType) {
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
