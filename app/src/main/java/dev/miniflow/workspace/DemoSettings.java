package dev.miniflow.workspace;

import jakarta.validation.constraints.NotNull;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** @param password the demo users' password on the embedded default; empty: generated and printed once */
@Validated
@ConfigurationProperties("miniflow.demo")
public record DemoSettings(@NotNull @DefaultValue("") String password) {}
