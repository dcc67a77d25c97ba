package dev.miniflow.evidence;

import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.PlatformRole;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import org.springframework.stereotype.Component;

/**
 * Who may read a chain: a workspace's admins and inspectors verify it, its admins export it (the
 * export is the whole audit trail, which only admins read); chain 0, the entries of no workspace
 * (platform administration, key rotations), platform admins.
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

  /** The caller, if they may verify the chain; 403 or 404 otherwise. */
  String requireVerifier(long chain) {
    return require(chain, Role.ADMIN, Role.INSPECTOR);
  }

  /** The caller, if they may export the chain, entries and all; 403 or 404 otherwise. */
  String requireExporter(long chain) {
    return require(chain, Role.ADMIN);
  }

  private String require(long chain, Role... roles) {
    if (chain != PLATFORM_CHAIN) {
      return access.require(chain, "Workspace " + chain, roles);
    }
    String caller = CurrentUser.username();
    if (!access.hasPlatformRole(caller, PlatformRole.ADMIN)) {
      throw Problems.forbidden("The platform's chain (workspace 0) is read by platform admins.");
    }
    return caller;
  }
}
