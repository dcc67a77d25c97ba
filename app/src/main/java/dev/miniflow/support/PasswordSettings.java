package dev.miniflow.support;

import jakarta.validation.constraints.Max;
import jakarta.validation.constraints.Min;
import org.springframework.boot.context.properties.ConfigurationProperties;
import org.springframework.boot.context.properties.bind.DefaultValue;
import org.springframework.validation.annotation.Validated;

/**
 * How passwords are stored (under {@code miniflow.passwords}): the BCrypt cost of new hashes. Each
 * step doubles the work of every login and every Basic call; a stored hash keeps the cost it was
 * made with. The tests lower it, as every API call there checks a password.
 */
@Validated
@ConfigurationProperties("miniflow.passwords")
public record PasswordSettings(@Min(4) @Max(31) @DefaultValue("10") int bcryptStrength) {}
