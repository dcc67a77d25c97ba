package dev.miniflow.partner;

import dev.miniflow.workspace.WorkspaceAccess;
import jakarta.validation.Valid;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
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
  List<TargetAppView> list(@PathVariable long workspaceId) {
    access.requireMember(workspaceId, "Workspace " + workspaceId);
    return targetApps.ofWorkspace(workspaceId).stream().map(TargetAppView::of).toList();
  }

  record Settings(@Size(min = 1, max = 128) String name, @Size(max = 32) String connector,
      @Size(max = 512) String endpointUrl, @Size(min = 16, max = 128) String secret, Boolean sandboxReviewRequired) {}

  @PutMapping("/api/v1/target-apps/{id}")
  TargetAppView configure(@PathVariable long id, @Valid @RequestBody Settings body) {
    return TargetAppView.of(targetApps.configure(id, body.name(), body.connector(), body.endpointUrl(), body.secret(),
        body.sandboxReviewRequired()));
  }
}
