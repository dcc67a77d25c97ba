package dev.miniflow.workspace;

import org.springframework.modulith.NamedInterface;
/**
 * Published inside the transaction that removes someone from a workspace, so what they held
 * there through other features (mini program roles, access grants) ends with their membership.
 */
@NamedInterface("api")
public record MemberRemoved(long workspaceId, String username, String removedBy) {}
