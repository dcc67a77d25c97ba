package dev.miniflow.webhook;

import com.fasterxml.jackson.annotation.JsonValue;
import dev.miniflow.support.Problems;
import java.util.Arrays;
import java.util.Locale;

/**
 * What a webhook listens to: the audit trail's actions of a kind (the part of the action code
 * before its dot, e.g. release.approved is a release event), and incidents of the engine.
 */
enum WebhookCategory {
  RELEASE("Release status changes (requested, approved, rejected, rolled out, released, …)"),
  TASK("Tasks created, claimed, completed, canceled, escalated"),
  REMOVAL("Removals and inspectors' findings, each step"),
  GRANT("Access grants requested, approved, rejected, expired, revoked"),
  CAPABILITY("Capability grants requested, granted, rejected, revoked"),
  LISTING("Listing changes requested, approved, published"),
  INCIDENT("Incidents: a process step failed and waits for an admin");

  private final String description;

  WebhookCategory(String description) {
    this.description = description;
  }

  @JsonValue
  public String code() {
    return name().toLowerCase(Locale.ROOT);
  }

  public String description() {
    return description;
  }

  static WebhookCategory of(String code) {
    return Arrays.stream(values()).filter(c -> c.code().equals(code == null ? "" : code.strip())).findFirst()
        .orElseThrow(() -> Problems.invalid("Unknown event '" + code + "': use any of "
            + Arrays.stream(values()).map(WebhookCategory::code).toList() + "."));
  }
}
