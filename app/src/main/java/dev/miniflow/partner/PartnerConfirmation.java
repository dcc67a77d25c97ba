package dev.miniflow.partner;

/**
 * A partner app's word that a publication went live ({@code LIVE}) or was taken down or refused
 * after all ({@code REJECTED}), received on the signed callback endpoint.
 */
public record PartnerConfirmation(long targetAppId, String idempotencyKey, String status, String reason) {}
