package dev.miniflow.tasklist.sla;

import java.time.Duration;

/**
 * How long a process step may wait, and how long before that its people are reminded.
 *
 * @param targetApp the target app it is for ("" for any)
 */
@org.springframework.modulith.NamedInterface("api")
public record Sla(Long id, long workspaceId, String processId, String elementId, String targetApp,
    Duration dueWithin, Duration remindBefore) {}
