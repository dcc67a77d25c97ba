package dev.miniflow.tasklist.views;

import dev.miniflow.tasklist.TaskFilter;
import java.time.Instant;

/**
 * A saved queue filter of a workspace: personal ({@code sharedRole} null) or shared with everyone
 * holding that role there.
 */
public record SavedView(long id, long workspaceId, String owner, String name, TaskFilter filter, String sharedRole,
    Instant createdAt) {}
