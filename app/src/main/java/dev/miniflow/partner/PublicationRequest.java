package dev.miniflow.partner;

import org.springframework.modulith.NamedInterface;
import java.util.List;

/**
 * What a connector hands to a partner app: the signed publication bundle and how far to roll it out.
 *
 * @param idempotencyKey the same for every retry of one publication step, so the partner applies it once
 * @param testers the pilot whitelist (PILOT only)
 * @param percent the share of users (GRAYSCALE only)
 */
@NamedInterface("api")
public record PublicationRequest(TargetApp targetApp, String idempotencyKey, String bundleJson,
    String bundleSha256, String signature, RolloutStage stage, List<String> testers, Integer percent) {}
