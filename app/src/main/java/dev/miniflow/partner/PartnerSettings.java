package dev.miniflow.partner;

import org.springframework.modulith.NamedInterface;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.time.Duration;
import java.util.List;
import org.hibernate.validator.constraints.time.DurationMax;
import org.hibernate.validator.constraints.time.DurationMin;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How Miniflow talks to partner apps (under {@code miniflow.partner}).
 *
 * @param retryBackoff the pause after a publication to a partner that is down, doubled for each failure before
 * @param connectTimeout and {@code readTimeout}: a partner call takes at most their sum (the publication claim lasts 30 s)
 * @param endpoints which partner endpoints a workspace admin may configure
 * @param secretGrace how long a target app's previous secret still signs callbacks after it was changed
 */
@Validated
@ConfigurationProperties("miniflow.partner")
@NamedInterface("api")
public record PartnerSettings(
    @NotNull @DurationMax(minutes = 10) @DefaultValue("PT5S") Duration retryBackoff,
    @NotNull @DurationMin(millis = 100) @DurationMax(seconds = 10) @DefaultValue("PT2S") Duration connectTimeout,
    @NotNull @DurationMin(millis = 100) @DurationMax(seconds = 15) @DefaultValue("PT10S") Duration readTimeout,
    @Valid @DefaultValue Endpoints endpoints,
    @NotNull @DurationMax(days = 30) @DefaultValue("PT24H") Duration secretGrace) {

  /**
   * @param allowHttp whether plain {@code http} endpoints are allowed (tests, local partners)
   * @param allowedHosts hosts allowed although they are loopback or private addresses
   */
  public record Endpoints(@DefaultValue("false") boolean allowHttp, @NotNull @DefaultValue List<String> allowedHosts) {}
}
