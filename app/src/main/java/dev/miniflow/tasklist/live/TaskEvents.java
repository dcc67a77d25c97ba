package dev.miniflow.tasklist.live;

import dev.miniflow.support.CurrentUser;
import dev.miniflow.workspace.WorkspaceAccess;
import org.springframework.http.MediaType;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;
import org.springframework.web.servlet.mvc.method.annotation.SseEmitter;

/**
 * Server-sent events for open queues: an event {@code tasks} whenever a task of one of the
 * caller's workspaces arrives or changes. It carries no task data; the page reads its queue again.
 */
@RestController
class TaskEvents {
  private final TaskChangeFeed feed;
  private final WorkspaceAccess access;

  TaskEvents(TaskChangeFeed feed, WorkspaceAccess access) {
    this.feed = feed;
    this.access = access;
  }

  /**
   * Streams task changes as server-sent events. Of the caller's workspaces: a task created, claimed or done, so open
   * task lists refresh.
   */
  @GetMapping(path = {"/tasks/events", "/api/v1/tasks/events"}, produces = MediaType.TEXT_EVENT_STREAM_VALUE)
  SseEmitter events() {
    String user = CurrentUser.username();
    return feed.subscribe(user, access.workspacesOf(user));
  }
}
