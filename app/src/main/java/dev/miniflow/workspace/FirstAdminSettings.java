package dev.miniflow.workspace;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * The first admin created on a start with no accounts (under {@code miniflow.admin}; only when a
 * password is set), and the workspace it administers.
 */
@Validated
@ConfigurationProperties("miniflow.admin")
public record FirstAdminSettings(
    @NotBlank @DefaultValue("admin") String username,
    String password,
    @NotBlank @DefaultValue("Default") String workspace) {}
