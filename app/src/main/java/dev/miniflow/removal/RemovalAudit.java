package dev.miniflow.removal;

import dev.miniflow.support.AuditAction;

/** What the audit trail records about a removal or an inspector's finding. */
enum RemovalAudit implements AuditAction {
  REQUESTED("removal.requested"),
  FINDING("removal.finding"),
  /** One target app's part of an emergency freeze. */
  FROZEN("removal.frozen"),
  WITHDRAWN("removal.withdrawn"),
  APPROVED("removal.approved"),
  REJECTED("removal.rejected"),
  WARNED("removal.warned"),
  RECTIFICATION_SUBMITTED("removal.rectification-submitted"),
  RECTIFICATION_ACCEPTED("removal.rectification-accepted"),
  RECTIFICATION_REJECTED("removal.rectification-rejected"),
  REMOVED("removal.removed"),
  NOTIFIED("removal.notified"),
  RECOVERED("removal.recovered");

  private final String code;

  RemovalAudit(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public String subjectType() {
    return Removal.SUBJECT;
  }
}
