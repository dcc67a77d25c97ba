package dev.miniflow.notification;

import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The in-app inbox. Sending is idempotent on a key, since workers may run twice. */
@Service
public class Inbox {
  private final Notifications notifications;

  Inbox(Notifications notifications) {
    this.notifications = notifications;
  }

  /** @return true when the message was new, false when the key was already sent */
  @Transactional
  public boolean send(String recipient, String dedupKey, String subject, String body, String link) {
    return notifications.insertOnce(recipient, dedupKey, subject, body, link) == 1;
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
