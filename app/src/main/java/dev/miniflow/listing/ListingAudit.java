package dev.miniflow.listing;

import dev.miniflow.support.AuditAction;

/** What the audit trail records about listing changes. */
enum ListingAudit implements AuditAction {
  REQUESTED("listing.change-requested"),
  APPROVED("listing.change-approved"),
  REJECTED("listing.change-rejected"),
  PUBLISHED("listing.published"),
  PARTNER_REFUSED("listing.partner-refused"),
  WITHDRAWN("listing.change-withdrawn"),
  RECOVERED("listing.change-recovered");

  private final String code;

  ListingAudit(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public String subjectType() {
    return ListingChange.SUBJECT;
  }
}
