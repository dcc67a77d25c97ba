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
  private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

  Inbox(Notifications notifications, ApplicationEventPublisher events, dev.miniflow.workspace.WorkspaceAccess access,
      org.springframework.jdbc.core.simple.JdbcClient jdbc) {
    this.jdbc = jdbc;
    this.notifications = notifications;
    this.events = events;
    this.access = access;
  }

  /**
   * Tells a member of the workspace about something in it; someone who is no member (any more,
   * or blocked there) is told nothing. @return true when the message was new, false when the key
   * was already sent or the recipient is no member
   */
  @Transactional
  public boolean send(long workspaceId, String recipient, String dedupKey, String subject, String body, String link) {
    return !insert(workspaceId, new String[] {recipient}, new String[] {dedupKey}, subject, body, link).isEmpty();
  }

  /**
   * Tells each of several people the same thing, in one statement whatever their number (a new
   * task's candidates): each member of the workspace among them gets a message with the key
   * {@code dedupPrefix + recipient}; those who are no member, or were told already, get nothing.
   *
   * @return who was told now
   */
  @Transactional
  public List<String> sendEach(long workspaceId, java.util.Collection<String> recipients, String dedupPrefix,
      String subject, String body, String link) {
    String[] names = recipients.toArray(String[]::new);
    return insert(workspaceId, names, java.util.Arrays.stream(names).map(n -> dedupPrefix + n).toArray(String[]::new),
        subject, body, link);
  }

  /** One insert for all recipients that count as members, skipping keys already sent; who was told. */
  private List<String> insert(long workspaceId, String[] recipients, String[] keys, String subject, String body,
      String link) {
    if (recipients.length == 0) {
      return List.of();
    }
    List<String> told = jdbc.sql("""
            insert into notification(workspace_id, recipient, dedup_key, subject, body, link)
            select :ws, r.name, r.dedup_key, :subject, :body, :link
            from unnest(cast(:recipients as text[]), cast(:keys as text[])) as r(name, dedup_key) where\s"""
        + dev.miniflow.workspace.WorkspaceAccess.countsAsMember(":ws", "r.name")
        + " on conflict (dedup_key) do nothing returning recipient")
        .param("ws", workspaceId).param("subject", subject).param("body", body).param("link", link)
        .param("recipients", recipients).param("keys", keys).query(String.class).list();
    told.forEach(recipient -> events.publishEvent(new NotificationCreated(recipient, subject, body, link)));
    return told;
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
