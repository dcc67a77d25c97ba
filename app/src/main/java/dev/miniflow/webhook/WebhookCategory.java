package dev.miniflow.webhook;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.miniflow.support.EnumCodes;

/**
 * What a webhook listens to: the audit trail's actions of a kind (the part of the action code
 * before its dot, e.g. release.approved is a release event; a mini program's role changes are
 * grant events), and incidents of the engine. The database's {@code webhook_category} decides.
 */
enum WebhookCategory {
  RELEASE("Release status changes (requested, approved, rejected, rolled out, released, …)"),
  TASK("Tasks created, claimed, completed, canceled, escalated"),
  REMOVAL("Removals and inspectors' findings, each step"),
  GRANT("Access grants requested, approved, rejected, expired, revoked; mini program roles set and removed"),
  MEMBER("Workspace members added, their roles changed, removed, blocked, unblocked"),
  CAPABILITY("Capability grants requested, granted, rejected, revoked"),
  LISTING("Listing changes requested, approved, published"),
  INCIDENT("Incidents: a process step failed and waits for an admin"),
  EVIDENCE("Evidence bundles downloaded and audit chains exported: by whom, of what, the bundle's SHA-256 or the"
      + " chain hash");

  private final String description;

  WebhookCategory(String description) {
    this.description = description;
  }

  @JsonValue
  public String code() {
    return EnumCodes.code(this);
  }

  public String description() {
    return description;
  }

}
