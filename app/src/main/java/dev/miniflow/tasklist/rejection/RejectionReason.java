package dev.miniflow.tasklist.rejection;

import java.time.Instant;

/** One of a workspace's reasons for rejecting a request; retired reasons stay on earlier rejections. */
@org.springframework.modulith.NamedInterface("api")
public record RejectionReason(long id, long workspaceId, String title, String description, Instant retiredAt) {
  public boolean active() {
    return retiredAt == null;
  }
}
