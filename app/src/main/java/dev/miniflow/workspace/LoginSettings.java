package dev.miniflow.workspace;

import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Sign-ins (under {@code miniflow.login}): failed attempts allowed per account and per address
 * within the window before further attempts are refused until it has passed.
 */
@Validated
@ConfigurationProperties("miniflow.login")
public record LoginSettings(
    @Min(1) @DefaultValue("5") int failuresPerAccount,
    @Min(1) @DefaultValue("50") int failuresPerAddress,
    @NotNull @DurationMin(seconds = 1) @DefaultValue("PT15M") Duration window) {}
