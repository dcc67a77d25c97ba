package dev.miniflow.capability;

import dev.miniflow.support.AuditAction;

/** What the audit trail records about capabilities and their grants. */
enum CapabilityAudit implements AuditAction {
  CATALOGUED("capability.catalogued", "target-app"),
  UNCATALOGUED("capability.uncatalogued", "target-app"),
  REQUESTED("capability.requested", CapabilityGrant.SUBJECT),
  GRANTED("capability.granted", CapabilityGrant.SUBJECT),
  REJECTED("capability.rejected", CapabilityGrant.SUBJECT),
  REVOKED("capability.revoked", CapabilityGrant.SUBJECT),
  RECOVERED("capability.recovered", CapabilityGrant.SUBJECT);

  private final String code;
  private final String subjectType;

  CapabilityAudit(String code, String subjectType) {
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
