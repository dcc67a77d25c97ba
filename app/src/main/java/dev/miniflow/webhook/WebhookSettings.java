package dev.miniflow.webhook;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How webhooks are delivered (under {@code miniflow.webhooks}).
 *
 * @param maxAttempts attempts of one delivery before it is given up (it can still be redelivered by hand); more
 *     than {@code disableAfterFailures}, so a receiver that stays down disables its webhook before an event is
 *     given up, and enabling it again sends what failed
 * @param retryBackoff the pause after the first failed attempt, doubled after each further one
 * @param maxBackoff the longest pause between two attempts
 * @param disableAfterFailures failed attempts in a row (any delivery) after which the webhook is disabled
 * @param connectTimeout and {@code timeout}: how long one call may take to connect, and in all
 * @param pollInterval how often due deliveries are looked for
 */
@Validated
@ConfigurationProperties("miniflow.webhooks")
record WebhookSettings(
    @Min(1) @Max(50) @DefaultValue("20") int maxAttempts,
    @NotNull @DurationMin(millis = 10) @DefaultValue("PT30S") Duration retryBackoff,
    @NotNull @DurationMax(hours = 24) @DefaultValue("PT1H") Duration maxBackoff,
    @Min(1) @Max(1000) @DefaultValue("15") int disableAfterFailures,
    @NotNull @DurationMin(millis = 100) @DurationMax(seconds = 10) @DefaultValue("PT5S") Duration connectTimeout,
    @NotNull @DurationMin(millis = 100) @DurationMax(seconds = 30) @DefaultValue("PT10S") Duration timeout,
    @NotNull @DurationMin(millis = 50) @DefaultValue("PT1S") Duration pollInterval) {

  /** The pause after {@code attempts} failed attempts: 1, 2, 4, … times the backoff, at most the maximum. */
  Duration backoffAfter(int attempts) {
    long factor = 1L << Math.min(20, Math.max(0, attempts - 1));
    Duration pause = retryBackoff.multipliedBy(factor);
    return pause.compareTo(maxBackoff) > 0 ? maxBackoff : pause;
  }
}
