package dev.miniflow.authorization;

import static dev.miniflow.support.Flash.to;

import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Flash;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import dev.miniflow.support.Problems;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
class AccessPages {
  private final AccessRequests requests;
  private final AccessRevocation revocation;
  private final AccessPolicy policy;
  private final MiniProgramDirectory miniPrograms;
  private final WorkspaceAccess access;

  AccessPages(AccessRequests requests, AccessRevocation revocation, AccessPolicy policy,
      MiniProgramDirectory miniPrograms, WorkspaceAccess access) {
    this.access = access;
    this.requests = requests;
    this.revocation = revocation;
    this.policy = policy;
    this.miniPrograms = miniPrograms;
  }

  @GetMapping("/mini-programs/{id}/access")
  String access(@PathVariable long id, Model model) {
    model.addAttribute("grants", requests.ofMiniProgram(id));
    var listing = miniPrograms.find(id).orElseThrow(() -> Problems.notFound("Mini program " + id));
    model.addAttribute("program", listing);
    model.addAttribute("canRevoke", policy.has(listing.workspaceId(), id, Scope.MEMBERS));
    var roles = access.rolesOf(CurrentUser.username(), listing.workspaceId());
    model.addAttribute("canExportEvidence", roles.contains(Role.ADMIN) || roles.contains(Role.INSPECTOR));
    model.addAttribute("scopes", Scope.values());
    return "authorization/access";
  }

  @PostMapping("/mini-programs/{id}/access-requests")
  String request(@PathVariable long id, @RequestParam(required = false) Set<Scope> scopes,
      @RequestParam(defaultValue = "0") int days, @RequestParam(defaultValue = "") String justification,
      RedirectAttributes flash) {
    String back = "/mini-programs/" + id + "/access";
    return Flash.run(flash, back, () -> {
      requests.request(id, scopes == null ? EnumSet.noneOf(Scope.class) : scopes, days, justification);
      return to(back, "Access requested: the mini program's admins decide.");
    });
  }

  @PostMapping("/access-grants/{grantId}/revoke")
  String revoke(@PathVariable long grantId, @RequestParam(defaultValue = "") String reason, RedirectAttributes flash) {
    AccessGrant grant = requests.get(grantId);
    String back = "/mini-programs/" + grant.miniProgramId() + "/access";
    return Flash.run(flash, back, () -> {
      revocation.revoke(grantId, reason);
      return to(back, "Access revoked.");
    });
  }
}
