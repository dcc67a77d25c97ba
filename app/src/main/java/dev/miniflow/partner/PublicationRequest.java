package dev.miniflow.partner;

/**
 * What a connector hands to a partner app: the signed publication bundle.
 *
 * @param idempotencyKey the same for every retry of one publication, so the partner publishes once
 */
public record PublicationRequest(TargetApp targetApp, String idempotencyKey, String bundleJson,
    String bundleSha256, String signature) {}
