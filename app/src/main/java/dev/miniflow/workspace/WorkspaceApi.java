package dev.miniflow.workspace;

import dev.miniflow.support.CurrentUser;
import java.util.List;
import java.util.Set;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
class WorkspaceApi {
  private final WorkspaceAccess access;
  private final WorkspaceService workspaces;

  WorkspaceApi(WorkspaceAccess access, WorkspaceService workspaces) {
    this.access = access;
    this.workspaces = workspaces;
  }

  record MyWorkspace(long id, String name, Set<Role> roles) {}

  /** Lists the workspaces the caller belongs to. With the caller's roles in each. */
  @GetMapping("/api/v1/workspaces")
  List<MyWorkspace> mine() {
    String user = CurrentUser.username();
    return access.workspacesOf(user).stream()
        .map(id -> new MyWorkspace(id, workspaces.workspaceName(id), access.rolesOf(user, id)))
        .toList();
  }
}
