package dev.miniflow.miniprogram;

import dev.miniflow.support.AuditAction;

/** What the audit trail records about mini programs and their versions. */
enum MiniProgramAudit implements AuditAction {
  CREATED("mini-program.created", "mini-program"),
  UPDATED("mini-program.updated", "mini-program"),
  RENAMED("mini-program.renamed", "mini-program"),
  TEXTS_CHANGED("mini-program.texts-changed", "mini-program"),
  LOGO_CHANGED("mini-program.logo-changed", "mini-program"),
  DOMAINS_CHANGED("mini-program.domains-changed", "mini-program"),
  VERSION_UPLOADED("version.uploaded", "version"),
  VERSION_DOWNLOADED("version.downloaded", "version");

  private final String code;
  private final String subjectType;

  MiniProgramAudit(String code, String subjectType) {
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
