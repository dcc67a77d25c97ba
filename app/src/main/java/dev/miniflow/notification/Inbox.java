package dev.miniflow.notification;

import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The in-app inbox. Sending is idempotent on a key, since workers may run twice. */
@Service
public class Inbox {
  private final Notifications notifications;
  private final ApplicationEventPublisher events;

  Inbox(Notifications notifications, ApplicationEventPublisher events) {
    this.notifications = notifications;
    this.events = events;
  }

  /** @return true when the message was new, false when the key was already sent */
  @Transactional
  public boolean send(String recipient, String dedupKey, String subject, String body, String link) {
    boolean created = notifications.insertOnce(recipient, dedupKey, subject, body, link) == 1;
    if (created) {
      events.publishEvent(new NotificationCreated(recipient, subject, body, link));
    }
    return created;
  }

  public List<Notification> latest(String recipient) {
    return notifications.findLatest(recipient);
  }

  public long unread(String recipient) {
    return notifications.countUnread(recipient);
  }

  @Transactional
  public void markAllRead(String recipient) {
    notifications.markAllRead(recipient);
  }
}
