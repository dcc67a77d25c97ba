package dev.miniflow.evidence;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How the audit trail is sealed (under {@code miniflow.evidence}).
 *
 * @param keyDir where the Ed25519 private keys live (default: {@code <data-dir>/evidence-keys}); outside the
 *     database on purpose: a database user can recompute hashes, but cannot sign
 * @param sealInterval how often new audit entries are sealed into their chains
 * @param checkpointEvery how long a chain that grew waits at most for its next signed checkpoint
 */
@Validated
@ConfigurationProperties("miniflow.evidence")
record EvidenceSettings(
    @DefaultValue("") String keyDir,
    @NotNull @DurationMin(millis = 50) @DefaultValue("PT1S") Duration sealInterval,
    @NotNull @DefaultValue("PT5M") Duration checkpointEvery) {}
