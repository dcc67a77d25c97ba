package dev.miniflow.tasklist;

import dev.miniflow.processes.ProcessDefinitions;
import dev.miniflow.processes.ProcessVariants;
import dev.miniflow.support.CurrentUser;
import dev.miniflow.workspace.WorkspaceAccess;
import dev.miniflow.workspace.WorkspaceService;
import java.util.List;
import org.springframework.stereotype.Component;

/** What the task list's forms offer to choose from: the current user's workspaces and the kinds of process. */
@Component
class FormChoices {
  private final WorkspaceAccess access;
  private final WorkspaceService workspaces;
  private final ProcessDefinitions definitions;

  FormChoices(WorkspaceAccess access, WorkspaceService workspaces, ProcessDefinitions definitions) {
    this.access = access;
    this.workspaces = workspaces;
    this.definitions = definitions;
  }

  record WorkspaceChoice(long id, String name) {}

  List<WorkspaceChoice> myWorkspaces() {
    return access.workspacesOf(CurrentUser.username()).stream()
        .map(ws -> new WorkspaceChoice(ws, workspaces.workspaceName(ws))).toList();
  }

  /** The processes by kind: a workspace's variant counts as the process it varies, sorted by name. */
  List<String> processKinds() {
    return definitions.latestOfEach().stream().map(d -> ProcessVariants.kindOf(d.bpmnProcessId())).distinct()
        .sorted().toList();
  }
}
