package dev.miniflow.notification;

import dev.miniflow.support.CurrentUser;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/notifications")
class InboxApi {
  private final Inbox inbox;

  InboxApi(Inbox inbox) {
    this.inbox = inbox;
  }

  /** Lists the caller's latest notifications. Newest first, read and unread. */
  @GetMapping
  List<NotificationView> mine() {
    return inbox.latest(CurrentUser.username()).stream().map(NotificationView::of).toList();
  }

  /** Marks all the caller's notifications as read. */
  @PostMapping("/read")
  ResponseEntity<Void> markAllRead() {
    inbox.markAllRead(CurrentUser.username());
    return ResponseEntity.noContent().build();
  }
}
