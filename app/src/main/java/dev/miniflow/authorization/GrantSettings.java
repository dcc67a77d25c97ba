package dev.miniflow.authorization;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Access grants (under {@code miniflow.grants}).
 *
 * @param reviewWithin after this long an access request's review escalates to the workspace admins
 * @param maxDays the longest grant a developer can ask for
 */
@Validated
@ConfigurationProperties("miniflow.grants")
public record GrantSettings(
    @NotNull @DurationMin(minutes = 1) @DefaultValue("PT48H") Duration reviewWithin,
    @Min(1) @Max(365) @DefaultValue("90") int maxDays) {}
