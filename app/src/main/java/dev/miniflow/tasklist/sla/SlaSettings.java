package dev.miniflow.tasklist.sla;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Default due dates (under {@code miniflow.sla}) of the steps whose model times them (the release
 * review), where a workspace configured none for the step and target app.
 *
 * @param dueWithin how long a step may wait before it escalates
 * @param remindBefore how long before that its holder or candidates are reminded
 */
@Validated
@ConfigurationProperties("miniflow.sla")
public record SlaSettings(
    @NotNull @DurationMin(minutes = 1) @DefaultValue("PT48H") Duration dueWithin,
    @NotNull @DefaultValue("PT4H") Duration remindBefore) {}
