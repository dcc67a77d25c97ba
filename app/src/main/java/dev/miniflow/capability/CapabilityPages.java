package dev.miniflow.capability;

import static dev.miniflow.support.Flash.to;

import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Flash;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The workspace's capability catalogues (admins keep them) and each mini program's capabilities. */
@Controller
class CapabilityPages {
  private final CapabilityCatalogue catalogue;
  private final CapabilityRequests requests;
  private final CapabilityRevocation revocation;
  private final MiniProgramService miniPrograms;
  private final TargetApps targetApps;
  private final WorkspaceAccess access;

  CapabilityPages(CapabilityCatalogue catalogue, CapabilityRequests requests, CapabilityRevocation revocation,
      MiniProgramService miniPrograms, TargetApps targetApps, WorkspaceAccess access) {
    this.catalogue = catalogue;
    this.requests = requests;
    this.revocation = revocation;
    this.miniPrograms = miniPrograms;
    this.targetApps = targetApps;
    this.access = access;
  }

  record AppCatalogue(TargetApp app, List<Capability> capabilities) {}

  @GetMapping("/workspaces/{workspaceId}/capabilities")
  String catalogues(@PathVariable long workspaceId, Model model) {
    access.requireMember(workspaceId, "Workspace " + workspaceId);
    model.addAttribute("catalogues", catalogues(workspaceId));
    model.addAttribute("isAdmin", access.rolesOf(CurrentUser.username(), workspaceId).contains(Role.ADMIN));
    model.addAttribute("workspaceId", workspaceId);
    return "capability/catalogue";
  }

  @PostMapping("/target-apps/{id}/capabilities")
  String put(@PathVariable long id, @RequestParam(defaultValue = "") String code,
      @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "false") boolean reviewed,
      RedirectAttributes flash) {
    String back = catalogueOf(id);
    return Flash.run(flash, back, () -> to(back, "Capability " + catalogue.put(id, code, name, reviewed).code()
        + " saved in the catalogue."));
  }

  @PostMapping("/target-apps/{id}/capabilities/{code}/remove")
  String remove(@PathVariable long id, @PathVariable String code, RedirectAttributes flash) {
    String back = catalogueOf(id);
    return Flash.run(flash, back, () -> {
      catalogue.remove(id, code);
      return to(back, "Capability " + code + " taken off the catalogue.");
    });
  }

  @GetMapping("/mini-programs/{id}/capabilities")
  String ofMiniProgram(@PathVariable long id, Model model) {
    MiniProgram program = miniPrograms.get(id);
    model.addAttribute("program", program);
    model.addAttribute("grants", requests.ofMiniProgram(id));
    model.addAttribute("catalogues", catalogues(program.workspaceId()));
    model.addAttribute("isAdmin", access.rolesOf(CurrentUser.username(), program.workspaceId()).contains(Role.ADMIN));
    return "capability/mini-program";
  }

  @PostMapping("/mini-programs/{id}/capability-requests")
  String request(@PathVariable long id, @RequestParam(required = false) Long targetAppId,
      @RequestParam(required = false) List<String> capabilities, @RequestParam(defaultValue = "") String justification,
      @RequestParam(defaultValue = "") String useDescription, RedirectAttributes flash) {
    String back = "/mini-programs/" + id + "/capabilities";
    return Flash.run(flash, back, () -> {
      if (targetAppId == null) {
        throw dev.miniflow.support.Problems.invalid("Choose the target app.");
      }
      List<CapabilityGrant> asked = requests.request(id, targetAppId, capabilities, justification, useDescription);
      long waiting = asked.stream().filter(g -> g.status() == CapabilityGrant.Status.REQUESTED).count();
      return to(back, asked.size() + " capability request(s) recorded; " + waiting + " wait(s) for an admin's review.");
    });
  }

  @PostMapping("/capability-grants/{id}/revoke")
  String revoke(@PathVariable long id, @RequestParam(defaultValue = "") String reason,
      @RequestParam(defaultValue = "0") long miniProgramId, RedirectAttributes flash) {
    String back = miniProgramId > 0 ? "/mini-programs/" + miniProgramId + "/capabilities" : "/";
    return Flash.run(flash, back, () -> {
      CapabilityGrant grant = revocation.revoke(id, reason);
      return to("/mini-programs/" + grant.miniProgramId() + "/capabilities",
          "Capability " + grant.capabilityCode() + " revoked.");
    });
  }

  private List<AppCatalogue> catalogues(long workspaceId) {
    return targetApps.ofWorkspace(workspaceId).stream()
        .map(app -> new AppCatalogue(app, catalogue.of(app.id()))).toList();
  }

  private String catalogueOf(long targetAppId) {
    try {
      return "/workspaces/" + targetApps.get(targetAppId).workspaceId() + "/capabilities";
    } catch (dev.miniflow.support.DomainException e) {
      return "/";
    }
  }
}
