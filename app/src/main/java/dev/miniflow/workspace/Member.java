package dev.miniflow.workspace;

import java.util.Set;

/** A person in a workspace, with their roles there. */
public record Member(String username, String displayName, String email, Set<Role> roles) {}
