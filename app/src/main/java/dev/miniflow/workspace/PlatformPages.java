package dev.miniflow.workspace;

import static dev.miniflow.support.Flash.to;

import dev.miniflow.support.Flash;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The platform admin's page of workspaces (see {@link PlatformAdministration}). */
@Controller
class PlatformPages {
  private static final String BACK = "/platform/workspaces";
  private final PlatformAdministration platform;

  PlatformPages(PlatformAdministration platform) {
    this.platform = platform;
  }

  @GetMapping(BACK)
  String workspaces(Model model) {
    model.addAttribute("workspaces", platform.workspaces());
    return "workspace/platform";
  }

  @PostMapping(BACK)
  String create(@RequestParam(defaultValue = "") String name, RedirectAttributes flash) {
    return Flash.run(flash, BACK, () -> to(BACK, "Workspace " + platform.create(name).name() + " created."));
  }

  @PostMapping(BACK + "/{workspaceId}/rename")
  String rename(@PathVariable long workspaceId, @RequestParam(defaultValue = "") String name,
      RedirectAttributes flash) {
    return Flash.run(flash, BACK,
        () -> to(BACK, "Workspace renamed to " + platform.rename(workspaceId, name).name() + "."));
  }

  @PostMapping(BACK + "/{workspaceId}/archive")
  String archive(@PathVariable long workspaceId, RedirectAttributes flash) {
    return Flash.run(flash, BACK,
        () -> to(BACK, "Workspace " + platform.archive(workspaceId).name() + " archived: it is read-only now."));
  }

  @PostMapping(BACK + "/{workspaceId}/restore")
  String restore(@PathVariable long workspaceId, RedirectAttributes flash) {
    return Flash.run(flash, BACK,
        () -> to(BACK, "Workspace " + platform.restore(workspaceId).name() + " restored."));
  }

  @PostMapping(BACK + "/{workspaceId}/invitations")
  String inviteAdmin(@PathVariable long workspaceId, @RequestParam(defaultValue = "") String email,
      RedirectAttributes flash) {
    return Flash.run(flash, BACK, () -> {
      var invitation = platform.inviteAdmin(workspaceId, email);
      flash.addFlashAttribute("invitationLink", invitation.link());
      return to(BACK, "Invitation for " + invitation.email() + " as admin created; it was mailed if mail is set up.");
    });
  }
}
