package dev.miniflow.tasklist;

import java.time.Instant;

/** A comment on a task as the API answers with it (the task_comment table's own row stays inside). */
record TaskCommentView(long id, long taskId, String taskName, String author, String body, Instant createdAt) {

  static TaskCommentView of(TaskComment c) {
    return new TaskCommentView(c.id(), c.taskId(), c.taskName(), c.author(), c.body(), c.createdAt());
  }
}
