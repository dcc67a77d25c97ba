package dev.miniflow.partner;

import org.springframework.modulith.NamedInterface;
import java.time.Instant;

/** The partner app's confirmation that a bundle is live. */
@NamedInterface("api")
public record PublicationReceipt(String partnerReference, Instant publishedAt) {}
