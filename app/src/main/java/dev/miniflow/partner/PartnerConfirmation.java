package dev.miniflow.partner;

import org.springframework.modulith.NamedInterface;
/**
 * A partner app's word that a publication went live ({@code LIVE}) or was taken down or refused
 * after all ({@code REJECTED}), received on the signed callback endpoint.
 */
@NamedInterface("api")
public record PartnerConfirmation(long targetAppId, String idempotencyKey, String status, String reason) {}
