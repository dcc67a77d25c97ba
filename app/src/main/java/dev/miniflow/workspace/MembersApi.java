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

  @GetMapping("/api/v1/workspaces/{workspaceId}/members")
  List<Member> members(@PathVariable long workspaceId) {
    return members.members(workspaceId);
  }

  record Roles(@NotNull @Size(min = 1, max = 6) Set<Role> roles) {}

  @PutMapping("/api/v1/workspaces/{workspaceId}/members/{username}")
  Member setRoles(@PathVariable long workspaceId, @PathVariable String username, @Valid @RequestBody Roles body) {
    return members.setRoles(workspaceId, username, body.roles());
  }

  @DeleteMapping("/api/v1/workspaces/{workspaceId}/members/{username}")
  ResponseEntity<Void> remove(@PathVariable long workspaceId, @PathVariable String username) {
    members.remove(workspaceId, username);
    return ResponseEntity.noContent().build();
  }

  /** A blocked member keeps their roles but reaches nothing of the workspace (see MembershipService.block). */
  @PostMapping("/api/v1/workspaces/{workspaceId}/members/{username}/block")
  Member block(@PathVariable long workspaceId, @PathVariable String username) {
    return members.block(workspaceId, username);
  }

  @PostMapping("/api/v1/workspaces/{workspaceId}/members/{username}/unblock")
  Member unblock(@PathVariable long workspaceId, @PathVariable String username) {
    return members.unblock(workspaceId, username);
  }

  record NewInvitation(@NotNull @Size(max = 254) String email, @NotNull @Size(min = 1, max = 6) Set<Role> roles) {}

  @PostMapping("/api/v1/workspaces/{workspaceId}/invitations")
  ResponseEntity<Invitations.Invitation> invite(@PathVariable long workspaceId,
      @Valid @RequestBody NewInvitation body) {
    Invitations.Invitation invitation = invitations.invite(workspaceId, body.email(), body.roles());
    return ResponseEntity.created(URI.create("/api/v1/workspaces/" + workspaceId + "/invitations/" + invitation.id()))
        .body(invitation);
  }

  @GetMapping("/api/v1/workspaces/{workspaceId}/invitations")
  List<Invitations.Invitation> pending(@PathVariable long workspaceId) {
    return invitations.pending(workspaceId);
  }

  @DeleteMapping("/api/v1/workspaces/{workspaceId}/invitations/{invitationId}")
  ResponseEntity<Void> withdraw(@PathVariable long workspaceId, @PathVariable long invitationId) {
    invitations.withdraw(workspaceId, invitationId);
    return ResponseEntity.noContent().build();
  }

  /** A new link for three more days, mailed again; the old link stops working. */
  @PostMapping("/api/v1/workspaces/{workspaceId}/invitations/{invitationId}/resend")
  Invitations.Invitation resend(@PathVariable long workspaceId, @PathVariable long invitationId) {
    return invitations.resend(workspaceId, invitationId);
  }

  /** Public: the invitee has no account yet; the signed single-use token is the credential. */
  @GetMapping("/api/v1/invitations/{token}")
  Invitations.Offer offer(@PathVariable String token) {
    return invitations.offer(token);
  }

  record Acceptance(@NotNull @Size(max = 64) String username, @NotNull @Size(max = 128) String password,
      @Size(max = 128) String displayName) {}

  @PostMapping("/api/v1/invitations/{token}/accept")
  ResponseEntity<Void> accept(@PathVariable String token, @Valid @RequestBody Acceptance body,
      HttpServletRequest request) {
    acceptance.accept(token, body.username(), body.password(), body.displayName(), request.getRemoteAddr());
    return ResponseEntity.noContent().build();
  }
}
