package dev.miniflow.token;

import dev.miniflow.support.AuditAction;

/** What the audit trail records about access tokens (their use: the via column of every entry). */
enum TokenAudit implements AuditAction {
  TOKEN_CREATED("token.created"),
  TOKEN_REVOKED("token.revoked");

  private final String code;

  TokenAudit(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public String subjectType() {
    return "access-token";
  }
}
