package dev.miniflow.webhook;

import dev.miniflow.support.AuditAction;

/** What the audit trail records about webhooks (their deliveries: the delivery log). */
enum WebhookAudit implements AuditAction {
  CREATED("webhook.created"),
  ENABLED("webhook.enabled"),
  DISABLED("webhook.disabled"),
  DELETED("webhook.deleted"),
  REDELIVERED("webhook.redelivered");

  private final String code;

  WebhookAudit(String code) {
    this.code = code;
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public String subjectType() {
    return "webhook";
  }
}
