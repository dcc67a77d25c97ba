package dev.miniflow.notification;

import jakarta.validation.constraints.NotBlank;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/** @param from the sender of Miniflow's mails (under {@code miniflow.mail}) */
@Validated
@ConfigurationProperties("miniflow.mail")
public record MailSettings(@NotBlank @DefaultValue("miniflow@localhost") String from) {}
