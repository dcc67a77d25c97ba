package dev.miniflow.notification;

import org.springframework.modulith.NamedInterface;
import java.util.List;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The in-app inbox. Sending is idempotent on a key, since workers may run twice. */
@Service
@NamedInterface("api")
public class Inbox {
  private final Notifications notifications;
  private final ApplicationEventPublisher events;
  private final dev.miniflow.workspace.WorkspaceAccess access;

  Inbox(Notifications notifications, ApplicationEventPublisher events, dev.miniflow.workspace.WorkspaceAccess access) {
    this.notifications = notifications;
    this.events = events;
    this.access = access;
  }

  /**
   * Tells a member of the workspace about something in it; someone who is no member (any more)
   * is told nothing. @return true when the message was new, false when the key was already sent
   */
  @Transactional
  public boolean send(long workspaceId, String recipient, String dedupKey, String subject, String body, String link) {
    if (access.rolesOf(recipient, workspaceId).isEmpty()) {
      return false;
    }
    boolean created = notifications.insertOnce(workspaceId, recipient, dedupKey, subject, body, link) == 1;
    if (created) {
      events.publishEvent(new NotificationCreated(recipient, subject, body, link));
    }
    return created;
  }

  /** The recipient's latest notifications, of the workspaces they can still use (not those they are blocked in). */
  public List<Notification> latest(String recipient) {
    return notifications.findLatest(recipient, usable(recipient));
  }

  public long unread(String recipient) {
    return notifications.countUnread(recipient, usable(recipient));
  }

  /** The workspaces whose notifications the recipient sees; a list the query can take when there are none. */
  private List<Long> usable(String recipient) {
    List<Long> workspaces = access.workspacesOf(recipient);
    return workspaces.isEmpty() ? List.of(-1L) : workspaces;
  }

  /** Someone left the workspace: what they were told about it goes with their membership. */
  @org.springframework.context.event.EventListener
  @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
  public void on(dev.miniflow.workspace.MemberRemoved removed) {
    notifications.deleteOf(removed.workspaceId(), removed.username());
  }

  @Transactional
  public void markAllRead(String recipient) {
    // only what the inbox shows: another workspace's notifications (a service token's caller) stay unread
    List<Long> workspaces = access.workspacesOf(recipient);
    notifications.markAllRead(recipient, workspaces.isEmpty() ? List.of(-1L) : workspaces);
  }
}
