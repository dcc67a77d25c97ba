package dev.miniflow.authorization;

import dev.miniflow.support.Problems;
import dev.miniflow.workspace.WorkspaceAccess;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Per-mini-program roles (Admin, Developer), managed by whoever holds the members scope there. */
@RestController
class MiniProgramMembersApi {
  private final AccessPolicy policy;
  private final MiniProgramDirectory miniPrograms;
  private final WorkspaceAccess workspaces;

  MiniProgramMembersApi(AccessPolicy policy, MiniProgramDirectory miniPrograms, WorkspaceAccess workspaces) {
    this.policy = policy;
    this.miniPrograms = miniPrograms;
    this.workspaces = workspaces;
  }

  /** Lists who holds a role on a mini program. For members of its workspace. */
  @GetMapping("/api/v1/mini-programs/{id}/members")
  List<AccessPolicy.MiniProgramMember> members(@PathVariable long id) {
    workspaces.requireMember(listing(id).workspaceId(), "Mini program " + id);
    return policy.members(id);
  }

  record RoleChange(@NotNull MiniProgramRole role) {}

  /**
   * Gives a workspace member a role on a mini program. Body: {"role"}; answers with all its members. Only the mini
   * program's admins and the workspace admins change roles; an access grant does not allow it.
   */
  @PutMapping("/api/v1/mini-programs/{id}/members/{username}")
  List<AccessPolicy.MiniProgramMember> assign(@PathVariable long id, @PathVariable String username,
      @Valid @RequestBody RoleChange body) {
    policy.assignRole(listing(id).workspaceId(), id, username, body.role());
    return policy.members(id);
  }

  /** Removes someone's role on a mini program. Its last admin stays; same callers as for giving a role. */
  @DeleteMapping("/api/v1/mini-programs/{id}/members/{username}")
  ResponseEntity<Void> remove(@PathVariable long id, @PathVariable String username) {
    policy.removeRole(listing(id).workspaceId(), id, username);
    return ResponseEntity.noContent().build();
  }

  private MiniProgramDirectory.Listing listing(long id) {
    return miniPrograms.find(id).orElseThrow(() -> Problems.notFound("Mini program " + id));
  }
}
