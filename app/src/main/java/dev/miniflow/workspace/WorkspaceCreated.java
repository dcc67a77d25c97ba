package dev.miniflow.workspace;

/** Published when a workspace is created, so other features can give it their defaults. */
public record WorkspaceCreated(long workspaceId, String name) {}
