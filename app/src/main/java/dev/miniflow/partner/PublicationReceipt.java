package dev.miniflow.partner;

import java.time.Instant;

/** The partner app's confirmation that a bundle is live. */
public record PublicationReceipt(String partnerReference, Instant publishedAt) {}
