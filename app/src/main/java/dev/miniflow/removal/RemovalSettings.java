package dev.miniflow.removal;

import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** @param rectifyWithin how long owners have to rectify a finding that is not severe (under {@code miniflow.removal}) */
@Validated
@ConfigurationProperties("miniflow.removal")
public record RemovalSettings(@NotNull @DurationMin(minutes = 1) @DefaultValue("P7D") Duration rectifyWithin) {}
