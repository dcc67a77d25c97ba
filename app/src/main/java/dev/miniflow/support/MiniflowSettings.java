package dev.miniflow.support;

import org.springframework.modulith.NamedInterface;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Pattern;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * Miniflow's own settings that several features share (under {@code miniflow}); each feature's
 * are in its own record. A bad value stops the start with the setting named.
 *
 * @param dataDir where the embedded database, the packages on the file system and the signing key live
 * @param baseUrl how people reach Miniflow, for links in mails and QR codes
 * @param signingKey the key bundles, invitations and preview codes are signed with; empty: one
 *     generated once and kept in {@code <dataDir>/signing.key}
 */
@Validated
@ConfigurationProperties("miniflow")
@NamedInterface("api")
public record MiniflowSettings(
    @NotBlank String dataDir,
    @DefaultValue("http://localhost:8080") @Pattern(regexp = "https?://\\S+",
        message = "must be an http(s) URL") String baseUrl,
    @NotNull @DefaultValue("") String signingKey) {}
