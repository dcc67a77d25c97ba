package dev.miniflow.tasklist;

import java.time.Instant;

/** A note an approver leaves on a task, seen by everyone who sees the instance's tasks. */
public record TaskComment(long id, long taskId, String taskName, String author, String body, Instant createdAt) {}
