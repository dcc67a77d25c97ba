package dev.miniflow.workspace;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A person who can log in. */
@Table("app_user")
public record Account(
    @Id Long id,
    String username,
    String displayName,
    String email,
    String passwordHash,
    boolean enabled,
    Instant createdAt) {}
