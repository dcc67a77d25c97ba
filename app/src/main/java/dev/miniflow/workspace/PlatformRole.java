package dev.miniflow.workspace;

import org.springframework.modulith.NamedInterface;
/**
 * Roles of the platform's operators, above every workspace. They are held by the installation's
 * first admin and never granted from inside a workspace (no workspace role maps to them).
 */
@NamedInterface("api")
public enum PlatformRole {
  /** Runs the platform: workspaces and their first admins. */
  ADMIN,
  /** Owns the platform's default processes and forms (the files under bpmn/ and forms/). */
  PROCESS_OWNER
}
