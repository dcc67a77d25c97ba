package dev.miniflow.webhook;

import com.fasterxml.jackson.annotation.JsonRawValue;
import java.time.Instant;
import java.util.UUID;

/** One event sent (or to be sent) to one webhook: the delivery log's row. */
record WebhookDelivery(UUID id, long webhookId, String eventType, @JsonRawValue String payload, Instant createdAt,
    String state, int attempts, Instant nextAttemptAt, Instant lastAttemptAt, Integer lastStatus, String lastError,
    Instant deliveredAt, UUID redeliveryOf) {}
