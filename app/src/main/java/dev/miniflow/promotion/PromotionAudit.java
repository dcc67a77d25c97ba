package dev.miniflow.promotion;

import dev.miniflow.support.AuditAction;

/** What the audit trail records about QR codes; they are about their mini program. */
enum PromotionAudit implements AuditAction {
  PROMOTION_CODE_CREATED("promotion-code.created"),
  PREVIEW_CODE_CREATED("preview-code.created");

  private final String code;

  PromotionAudit(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public String subjectType() {
    return "mini-program";
  }
}
