package dev.miniflow.workspace;

import org.springframework.modulith.NamedInterface;

/**
 * Published inside the transaction that blocks someone in a workspace: what they hold there for
 * others (claimed tasks) goes back, and their sessions end.
 */
@NamedInterface("api")
public record MemberBlocked(long workspaceId, String username, String blockedBy) {}
