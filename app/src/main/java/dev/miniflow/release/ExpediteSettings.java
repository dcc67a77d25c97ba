package dev.miniflow.release;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Expedited reviews (under {@code miniflow.releases.expedite}).
 *
 * @param perMonth how many releases a workspace may ask to have reviewed urgently per calendar month (UTC)
 * @param reviewWithin the due date of an expedited review, from when it is asked for
 */
@Validated
@ConfigurationProperties("miniflow.releases.expedite")
public record ExpediteSettings(
    @Min(0) @Max(1000) @DefaultValue("3") int perMonth,
    @NotNull @DurationMin(minutes = 10) @DefaultValue("PT8H") Duration reviewWithin) {}
