package dev.miniflow.workspace;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PatchMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Workspaces for platform admins (see {@link PlatformAdministration}). */
@RestController
class PlatformApi {
  private final PlatformAdministration platform;

  PlatformApi(PlatformAdministration platform) {
    this.platform = platform;
  }

  /** Lists all workspaces of the platform. Platform admins only. */
  @GetMapping("/api/v1/platform/workspaces")
  List<PlatformAdministration.Tenant> workspaces() {
    return platform.workspaces();
  }

  record Name(@NotNull @Size(max = 128) String name) {}

  /** Creates a workspace. Body: {"name"}; platform admins only. */
  @PostMapping("/api/v1/platform/workspaces")
  ResponseEntity<PlatformAdministration.Tenant> create(@Valid @RequestBody Name body) {
    PlatformAdministration.Tenant created = platform.create(body.name());
    return ResponseEntity.created(URI.create("/api/v1/platform/workspaces/" + created.id())).body(created);
  }

  /** Reads one workspace as the platform sees it. Platform admins only. */
  @GetMapping("/api/v1/platform/workspaces/{workspaceId}")
  PlatformAdministration.Tenant workspace(@PathVariable long workspaceId) {
    return platform.workspace(workspaceId);
  }

  /** Renames a workspace. Body: {"name"}; platform admins only. */
  @PatchMapping("/api/v1/platform/workspaces/{workspaceId}")
  PlatformAdministration.Tenant rename(@PathVariable long workspaceId, @Valid @RequestBody Name body) {
    return platform.rename(workspaceId, body.name());
  }

  /** Archives a workspace. Its members can read but no longer change anything in it; platform admins only. */
  @PostMapping("/api/v1/platform/workspaces/{workspaceId}/archive")
  PlatformAdministration.Tenant archive(@PathVariable long workspaceId) {
    return platform.archive(workspaceId);
  }

  /** Restores an archived workspace. Platform admins only. */
  @PostMapping("/api/v1/platform/workspaces/{workspaceId}/restore")
  PlatformAdministration.Tenant restore(@PathVariable long workspaceId) {
    return platform.restore(workspaceId);
  }

  record AdminInvitation(@NotNull @Size(max = 254) String email) {}

  /** Invites a workspace's admin by e-mail. Body: {"email"}; platform admins only. */
  @PostMapping("/api/v1/platform/workspaces/{workspaceId}/invitations")
  ResponseEntity<Invitations.Invitation> inviteAdmin(@PathVariable long workspaceId,
      @Valid @RequestBody AdminInvitation body) {
    Invitations.Invitation invitation = platform.inviteAdmin(workspaceId, body.email());
    return ResponseEntity.created(URI.create("/api/v1/workspaces/" + workspaceId + "/invitations/" + invitation.id()))
        .body(invitation);
  }
}
