package dev.miniflow.workspace;

import static dev.miniflow.support.Flash.to;

import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Flash;
import jakarta.servlet.http.HttpServletRequest;
import java.time.Clock;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Members and invitations of a workspace, for its admins (members can look). */
@Controller
class MembersPages {
  private final MembershipService members;
  private final Invitations invitations;
  private final InvitationAcceptance acceptance;
  private final WorkspaceAccess access;
  private final WorkspaceService workspaces;
  private final Clock clock;

  MembersPages(MembershipService members, Invitations invitations, InvitationAcceptance acceptance,
      WorkspaceAccess access, WorkspaceService workspaces, Clock clock) {
    this.members = members;
    this.invitations = invitations;
    this.acceptance = acceptance;
    this.access = access;
    this.workspaces = workspaces;
    this.clock = clock;
  }

  @GetMapping("/workspaces/{workspaceId}/members")
  String members(@PathVariable long workspaceId, Model model) {
    model.addAttribute("members", members.members(workspaceId));
    boolean admin = access.rolesOf(CurrentUser.username(), workspaceId).contains(Role.ADMIN);
    model.addAttribute("isAdmin", admin);
    model.addAttribute("pending", admin ? invitations.pending(workspaceId) : List.of());
    model.addAttribute("roles", Role.values());
    model.addAttribute("now", Instant.now(clock));
    model.addAttribute("workspaceId", workspaceId);
    model.addAttribute("workspaceName", workspaces.workspaceName(workspaceId));
    return "workspace/members";
  }

  @PostMapping("/workspaces/{workspaceId}/members/{username}/roles")
  String setRoles(@PathVariable long workspaceId, @PathVariable String username,
      @RequestParam(required = false) Set<Role> roles, RedirectAttributes flash) {
    String back = membersPage(workspaceId);
    return Flash.run(flash, back, () -> {
      members.setRoles(workspaceId, username, roles == null ? EnumSet.noneOf(Role.class) : roles);
      return to(back, "Roles of " + username + " saved.");
    });
  }

  @PostMapping("/workspaces/{workspaceId}/members/{username}/remove")
  String remove(@PathVariable long workspaceId, @PathVariable String username, RedirectAttributes flash) {
    String back = membersPage(workspaceId);
    return Flash.run(flash, back, () -> {
      members.remove(workspaceId, username);
      return to(back, username + " was removed from the workspace.");
    });
  }

  @PostMapping("/workspaces/{workspaceId}/members/{username}/block")
  String block(@PathVariable long workspaceId, @PathVariable String username, RedirectAttributes flash) {
    String back = membersPage(workspaceId);
    return Flash.run(flash, back, () -> {
      members.block(workspaceId, username);
      return to(back, username + " is blocked: no access, no tasks; their claimed tasks went back to the queues.");
    });
  }

  @PostMapping("/workspaces/{workspaceId}/members/{username}/unblock")
  String unblock(@PathVariable long workspaceId, @PathVariable String username, RedirectAttributes flash) {
    String back = membersPage(workspaceId);
    return Flash.run(flash, back, () -> {
      members.unblock(workspaceId, username);
      return to(back, username + " is unblocked and has their roles back.");
    });
  }

  @PostMapping("/workspaces/{workspaceId}/invitations/{invitationId}/withdraw")
  String withdraw(@PathVariable long workspaceId, @PathVariable long invitationId, RedirectAttributes flash) {
    String back = membersPage(workspaceId);
    return Flash.run(flash, back, () -> {
      invitations.withdraw(workspaceId, invitationId);
      return to(back, "Invitation withdrawn: its link no longer works.");
    });
  }

  @PostMapping("/workspaces/{workspaceId}/invitations/{invitationId}/resend")
  String resend(@PathVariable long workspaceId, @PathVariable long invitationId, RedirectAttributes flash) {
    String back = membersPage(workspaceId);
    return Flash.run(flash, back, () -> {
      var invitation = invitations.resend(workspaceId, invitationId);
      flash.addFlashAttribute("invitationLink", invitation.link());
      return to(back,
          "Invitation for " + invitation.email() + " sent again with a new link; the old one no longer works.");
    });
  }

  @PostMapping("/workspaces/{workspaceId}/invitations")
  String invite(@PathVariable long workspaceId, @RequestParam(defaultValue = "") String email,
      @RequestParam(required = false) Set<Role> roles, RedirectAttributes flash) {
    String back = membersPage(workspaceId);
    return Flash.run(flash, back, () -> {
      var invitation = invitations.invite(workspaceId, email, roles);
      flash.addFlashAttribute("invitationLink", invitation.link());
      return to(back, "Invitation for " + invitation.email() + " created; it was mailed if mail is set up.");
    });
  }

  @GetMapping("/invitations/{token}")
  String offer(@PathVariable String token, Model model) {
    model.addAttribute("offer", invitations.offer(token));
    model.addAttribute("token", token);
    return "workspace/invitation";
  }

  @PostMapping("/invitations/{token}")
  String accept(@PathVariable String token, @RequestParam(defaultValue = "") String username,
      @RequestParam(defaultValue = "") String password, @RequestParam(defaultValue = "") String displayName,
      RedirectAttributes flash, HttpServletRequest request) {
    return Flash.run(flash, "/invitations/" + token, () -> {
      String name = acceptance.accept(token, username, password, displayName, request.getRemoteAddr());
      return to("/login", "Welcome, " + name + ": log in to start.");
    });
  }

  /** Where every action of the members page comes back to, with its message. */
  private static String membersPage(long workspaceId) {
    return "/workspaces/" + workspaceId + "/members";
  }
}
