package dev.miniflow.workspace;

import org.springframework.modulith.NamedInterface;
/** Published when a workspace is created, so other features can give it their defaults. */
@NamedInterface("api")
public record WorkspaceCreated(long workspaceId, String name) {}
