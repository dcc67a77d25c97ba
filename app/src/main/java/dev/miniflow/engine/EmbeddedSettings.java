package dev.miniflow.engine;

import org.springframework.modulith.NamedInterface;
import jakarta.validation.constraints.PositiveOrZero;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The embedded default (under {@code miniflow.embedded}).
 *
 * @param active set by the embedded default itself when it started the in-process engine
 * @param logWarningRecords the engine log's size to warn admins at; 0: half the maximum heap's worth
 */
@Validated
@ConfigurationProperties("miniflow.embedded")
@NamedInterface("api")
public record EmbeddedSettings(@DefaultValue("false") boolean active,
    @PositiveOrZero @DefaultValue("0") long logWarningRecords) {}
