package dev.miniflow.workspace;

import jakarta.servlet.http.HttpServletRequest;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class MembersApi {
  private final MembershipService members;
  private final Invitations invitations;
  private final InvitationAcceptance acceptance;

  MembersApi(MembershipService members, Invitations invitations, InvitationAcceptance acceptance) {
    this.members = members;
    this.invitations = invitations;
    this.acceptance = acceptance;
  }

  /** Lists the members of a workspace with their roles. For its members. */
  @GetMapping("/api/v1/workspaces/{workspaceId}/members")
  List<Member> members(@PathVariable long workspaceId) {
    return members.members(workspaceId);
  }

  record Roles(@NotNull @Size(min = 1, max = 6) Set<Role> roles) {}

  /**
   * Sets a member's workspace roles. Body: {"roles": [ADMIN, REVIEWER, DEVELOPER, OPERATOR, INSPECTOR,
   * PROCESS_OWNER]}; the last admin stays. Workspace admins only.
   */
  @PutMapping("/api/v1/workspaces/{workspaceId}/members/{username}")
  Member setRoles(@PathVariable long workspaceId, @PathVariable String username, @Valid @RequestBody Roles body) {
    return members.setRoles(workspaceId, username, body.roles());
  }

  /** Removes a member from a workspace. Their roles on its mini programs end too; workspace admins only. */
  @DeleteMapping("/api/v1/workspaces/{workspaceId}/members/{username}")
  ResponseEntity<Void> remove(@PathVariable long workspaceId, @PathVariable String username) {
    members.remove(workspaceId, username);
    return ResponseEntity.noContent().build();
  }

  /**
   * Blocks a member. A blocked member keeps their roles but reaches nothing of the workspace (see
   * MembershipService.block); workspace admins only.
   */
  @PostMapping("/api/v1/workspaces/{workspaceId}/members/{username}/block")
  Member block(@PathVariable long workspaceId, @PathVariable String username) {
    return members.block(workspaceId, username);
  }

  /** Unblocks a blocked member. Workspace admins only. */
  @PostMapping("/api/v1/workspaces/{workspaceId}/members/{username}/unblock")
  Member unblock(@PathVariable long workspaceId, @PathVariable String username) {
    return members.unblock(workspaceId, username);
  }

  record NewInvitation(@NotNull @Size(max = 254) String email, @NotNull @Size(min = 1, max = 6) Set<Role> roles) {}

  /**
   * Invites someone to a workspace by e-mail. Body: {"email", "roles"}; the signed single-use link is mailed and
   * valid for three days. Workspace admins only.
   */
  @PostMapping("/api/v1/workspaces/{workspaceId}/invitations")
  ResponseEntity<Invitations.Invitation> invite(@PathVariable long workspaceId,
      @Valid @RequestBody NewInvitation body) {
    Invitations.Invitation invitation = invitations.invite(workspaceId, body.email(), body.roles());
    return ResponseEntity.created(URI.create("/api/v1/workspaces/" + workspaceId + "/invitations/" + invitation.id()))
        .body(invitation);
  }

  /** Lists a workspace's pending invitations. Workspace admins only. */
  @GetMapping("/api/v1/workspaces/{workspaceId}/invitations")
  List<Invitations.Invitation> pending(@PathVariable long workspaceId) {
    return invitations.pending(workspaceId);
  }

  /** Withdraws a pending invitation. Its link stops working; workspace admins only. */
  @DeleteMapping("/api/v1/workspaces/{workspaceId}/invitations/{invitationId}")
  ResponseEntity<Void> withdraw(@PathVariable long workspaceId, @PathVariable long invitationId) {
    invitations.withdraw(workspaceId, invitationId);
    return ResponseEntity.noContent().build();
  }

  /**
   * Sends an invitation again with a new link. A new link for three more days, mailed again; the old link stops
   * working. Workspace admins only.
   */
  @PostMapping("/api/v1/workspaces/{workspaceId}/invitations/{invitationId}/resend")
  Invitations.Invitation resend(@PathVariable long workspaceId, @PathVariable long invitationId) {
    return invitations.resend(workspaceId, invitationId);
  }

  /**
   * Reads what an invitation offers. Public: the invitee has no account yet; the signed single-use token is the
   * credential.
   */
  @GetMapping("/api/v1/invitations/{token}")
  Invitations.Offer offer(@PathVariable String token) {
    return invitations.offer(token);
  }

  record Acceptance(@NotNull @Size(max = 64) String username, @NotNull @Size(max = 128) String password,
      @Size(max = 128) String displayName) {}

  /**
   * Accepts an invitation and creates the invitee's account. Body: {"username", "password", "displayName"}. Public:
   * the signed single-use token is the credential; 201 once the account is made.
   */
  @PostMapping("/api/v1/invitations/{token}/accept")
  ResponseEntity<Void> accept(@PathVariable String token, @Valid @RequestBody Acceptance body,
      HttpServletRequest request) {
    acceptance.accept(token, body.username(), body.password(), body.displayName(), request.getRemoteAddr());
    return ResponseEntity.noContent().build();
  }
}
