package dev.miniflow.notification;

import java.time.Instant;

/**
 * A message of the inbox as the API answers with it: its own type, so the notification table can change
 * without clients seeing it.
 */
record NotificationView(
    Long id,
    String recipient,
    String dedupKey,
    String subject,
    String body,
    String link,
    Instant createdAt,
    Instant readAt) {

  static NotificationView of(Notification n) {
    return new NotificationView(n.id(), n.recipient(), n.dedupKey(), n.subject(), n.body(), n.link(), n.createdAt(),
        n.readAt());
  }
}
