package dev.miniflow.partner;

import dev.miniflow.workspace.WorkspaceAccess;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.RestController;

@RestController
class TargetAppApi {
  private final TargetApps targetApps;
  private final WorkspaceAccess access;

  TargetAppApi(TargetApps targetApps, WorkspaceAccess access) {
    this.targetApps = targetApps;
    this.access = access;
  }

  @GetMapping("/api/v1/workspaces/{workspaceId}/target-apps")
  List<TargetApp> list(@PathVariable long workspaceId) {
    access.requireMember(workspaceId, "Workspace " + workspaceId);
    return targetApps.ofWorkspace(workspaceId);
  }
}
