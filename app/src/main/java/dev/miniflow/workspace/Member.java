package dev.miniflow.workspace;

import java.util.Set;

/** A person in a workspace, with their roles there; a blocked one keeps them but cannot use them. */
public record Member(String username, String displayName, String email, Set<Role> roles, boolean blocked) {}
