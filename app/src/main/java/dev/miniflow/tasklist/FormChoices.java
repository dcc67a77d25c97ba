package dev.miniflow.tasklist;

import dev.miniflow.processes.ProcessDefinitions;
import dev.miniflow.processes.ProcessVariants;
import dev.miniflow.support.CurrentUser;
import dev.miniflow.tasklist.rejection.RejectionReason;
import dev.miniflow.tasklist.rejection.Rejections;
import dev.miniflow.workspace.WorkspaceAccess;
import dev.miniflow.workspace.WorkspaceService;
import java.util.List;
import org.springframework.stereotype.Component;

/**
 * What the task list's forms offer to choose from: the current user's workspaces, the kinds of
 * process and, for rejecting several tasks at once, each workspace's rejection reasons.
 */
@Component
public class FormChoices {
  private final WorkspaceAccess access;
  private final WorkspaceService workspaces;
  private final ProcessDefinitions definitions;
  private final Rejections rejections;

  FormChoices(WorkspaceAccess access, WorkspaceService workspaces, ProcessDefinitions definitions,
      Rejections rejections) {
    this.access = access;
    this.workspaces = workspaces;
    this.definitions = definitions;
    this.rejections = rejections;
  }

  public record WorkspaceChoice(long id, String name) {}

  public record WorkspaceReasons(String workspace, List<RejectionReason> reasons) {}

  /** The active rejection reasons of each of the user's workspaces that keeps a list. */
  public List<WorkspaceReasons> rejectionReasons() {
    return myWorkspaces().stream()
        .map(ws -> new WorkspaceReasons(ws.name(),
            rejections.reasons(ws.id()).stream().filter(RejectionReason::active).toList()))
        .filter(r -> !r.reasons().isEmpty()).toList();
  }

  public List<WorkspaceChoice> myWorkspaces() {
    return access.workspacesOf(CurrentUser.username()).stream()
        .map(ws -> new WorkspaceChoice(ws, workspaces.workspaceName(ws))).toList();
  }

  /** The processes by kind: a workspace's variant counts as the process it varies, sorted by name. */
  public List<String> processKinds() {
    return definitions.latestOfEach().stream().map(d -> ProcessVariants.kindOf(d.bpmnProcessId())).distinct()
        .sorted().toList();
  }
}
