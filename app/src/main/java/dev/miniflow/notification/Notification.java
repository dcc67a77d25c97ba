package dev.miniflow.notification;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A message in someone's in-app inbox. */
@Table("notification")
public record Notification(
    @Id Long id,
    String recipient,
    String dedupKey,
    String subject,
    String body,
    String link,
    Instant createdAt,
    Instant readAt) {}
