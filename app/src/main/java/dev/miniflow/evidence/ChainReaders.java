package dev.miniflow.evidence;

import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.PlatformRole;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import org.springframework.stereotype.Component;

/**
 * Who may read a chain (verify it, export it): a workspace's admins and inspectors; chain 0, the
 * entries of no workspace (platform administration, key rotations), platform admins.
 */
@Component
class ChainReaders {
  static final long PLATFORM_CHAIN = 0;

  private final WorkspaceAccess access;

  ChainReaders(WorkspaceAccess access) {
    this.access = access;
  }

  /** The condition on audit_event (aliased e) for the entries of a chain, so each can use its index. */
  static String entriesOf(long chain) {
    return chain == PLATFORM_CHAIN ? "e.workspace_id is null" : "e.workspace_id = :ws";
  }

  /** The caller, if they may read the chain; 403 or 404 otherwise. */
  String require(long chain) {
    if (chain != PLATFORM_CHAIN) {
      return access.require(chain, "Workspace " + chain, Role.ADMIN, Role.INSPECTOR);
    }
    String caller = CurrentUser.username();
    if (!access.hasPlatformRole(caller, PlatformRole.ADMIN)) {
      throw Problems.forbidden("The platform's chain (workspace 0) is read by platform admins.");
    }
    return caller;
  }
}
