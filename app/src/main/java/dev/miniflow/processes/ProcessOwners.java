package dev.miniflow.processes;

import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.PlatformRole;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.util.List;
import org.springframework.stereotype.Component;

/** Who may use the process console and deploy where: the platform's process owners and the workspaces'. */
@Component
class ProcessOwners {
  private final WorkspaceAccess access;
  private final dev.miniflow.workspace.WorkspaceService workspaces;

  ProcessOwners(WorkspaceAccess access, dev.miniflow.workspace.WorkspaceService workspaces) {
    this.access = access;
    this.workspaces = workspaces;
  }

  /** The console is for the platform's process owners and for the process owners of workspaces. */
  String requireProcessOwner() {
    String user = CurrentUser.username();
    if (!access.hasPlatformRole(user, PlatformRole.PROCESS_OWNER)
        && access.workspacesWithRole(user, Role.PROCESS_OWNER).isEmpty()) {
      throw Problems.forbidden("The process console is for process owners.");
    }
    return user;
  }

  /**
   * Who may deploy where: the platform's defaults (no workspace) only its process owners; a
   * workspace's variant only that workspace's process owners.
   */
  String requireDeployer(Long workspaceId) {
    String user = CurrentUser.username();
    if (workspaceId == null) {
      if (!access.hasPlatformRole(user, PlatformRole.PROCESS_OWNER)) {
        throw Problems.forbidden("The platform's processes and forms are changed by the platform's process owners."
            + " Deploy a variant for your workspace instead (workspaceId): it runs for that workspace only.");
      }
      return user;
    }
    return access.require(workspaceId, "Workspace " + workspaceId, Role.PROCESS_OWNER);
  }

  /** Whether the user may see this process: platform processes every process owner, a variant its workspace's members. */
  boolean visible(String bpmnProcessId) {
    return ProcessVariants.workspaceOf(bpmnProcessId)
        .map(ws -> !access.rolesOf(CurrentUser.username(), ws).isEmpty()).orElse(true);
  }

  /** The workspace a process owner's edits of a platform process go to by default: their first as process owner. */
  java.util.Optional<Long> defaultTarget(String bpmnProcessId) {
    var variantOf = ProcessVariants.workspaceOf(bpmnProcessId);
    if (variantOf.isPresent()) {
      return variantOf;
    }
    String user = CurrentUser.username();
    return access.hasPlatformRole(user, PlatformRole.PROCESS_OWNER) ? java.util.Optional.empty()
        : access.workspacesWithRole(user, Role.PROCESS_OWNER).stream().findFirst();
  }

  /** The workspaces a deployment concerns: its own, or for a platform process every workspace (none yet: null). */
  List<Long> affected(Long workspaceId) {
    if (workspaceId != null) {
      return List.of(workspaceId);
    }
    List<Long> all = workspaces.all().stream().map(dev.miniflow.workspace.Workspace::id).toList();
    return all.isEmpty() ? java.util.Collections.singletonList(null) : all;
  }
}
