package dev.miniflow.partner;

/**
 * Reaches one kind of partner app. Implementations must be idempotent on the request's
 * idempotency key: job delivery is at-least-once.
 */
public interface PartnerAppConnector {
  /** The connector name a target app is configured with. */
  String kind();

  PublicationReceipt publish(PublicationRequest request);
}
