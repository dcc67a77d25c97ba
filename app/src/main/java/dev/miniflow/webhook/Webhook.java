package dev.miniflow.webhook;

import java.time.Instant;
import java.util.Set;

/** A webhook as its workspace's admins see it (never its secret, which is shown once). */
record Webhook(long id, long workspaceId, String url, Set<WebhookCategory> events, boolean enabled,
    Instant disabledAt, String disabledReason, int consecutiveFailures, String createdBy, Instant createdAt) {}
