package dev.miniflow.partner;

import static dev.miniflow.support.Flash.to;

import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Flash;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import dev.miniflow.workspace.WorkspaceService;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** A workspace's target apps: members read their settings and rules, admins change them. */
@Controller
class TargetAppPages {
  private final TargetApps targetApps;
  private final TargetAppAdministration administration;
  private final WorkspaceAccess access;
  private final WorkspaceService workspaces;

  TargetAppPages(TargetApps targetApps, TargetAppAdministration administration, WorkspaceAccess access,
      WorkspaceService workspaces) {
    this.targetApps = targetApps;
    this.administration = administration;
    this.access = access;
    this.workspaces = workspaces;
  }

  record Row(TargetApp app, ListingRuleSet rules, java.util.List<String> described) {}

  @GetMapping("/workspaces/{workspaceId}/target-apps")
  String list(@PathVariable long workspaceId, Model model) {
    access.requireMember(workspaceId, "Workspace " + workspaceId);
    model.addAttribute("apps", targetApps.ofWorkspace(workspaceId).stream().map(app -> {
      ListingRuleSet rules = targetApps.currentRules(app);
      return new Row(app, rules, ListingRules.describe(app, rules));
    }).toList());
    model.addAttribute("isAdmin", access.rolesOf(CurrentUser.username(), workspaceId).contains(Role.ADMIN));
    model.addAttribute("kinds", TargetAppKind.values());
    model.addAttribute("workspaceId", workspaceId);
    model.addAttribute("workspaceName", workspaces.workspaceName(workspaceId));
    return "partner/target-apps";
  }

  @PostMapping("/workspaces/{workspaceId}/target-apps")
  String create(@PathVariable long workspaceId, @RequestParam(defaultValue = "") String code,
      @RequestParam(defaultValue = "") String name, @RequestParam(required = false) TargetAppKind kind,
      RedirectAttributes flash) {
    String back = "/workspaces/" + workspaceId + "/target-apps";
    return Flash.run(flash, back, () -> {
      TargetApp app = administration.create(workspaceId,
          new TargetAppAdministration.NewTargetApp(code, name, kind, null, null, null, null, null));
      return to(back, "Target app " + app.name() + " added, on the simulated partner until you connect it.");
    });
  }

  @PostMapping("/target-apps/{id}/settings")
  String configure(@PathVariable long id, @RequestParam(required = false) String name,
      @RequestParam(required = false) String connector, @RequestParam(required = false) String endpointUrl,
      @RequestParam(required = false) String secret,
      @RequestParam(defaultValue = "false") boolean sandboxReviewRequired,
      @RequestParam(required = false) TargetAppKind kind, RedirectAttributes flash) {
    return Flash.run(flash, back(id), () -> {
      TargetApp app = administration.configure(id, name, connector, endpointUrl,
          secret == null || secret.isEmpty() ? null : secret, sandboxReviewRequired, kind);
      return to(back(id), "Settings of " + app.name() + " saved"
          + (secret == null || secret.isEmpty() ? "." : "; the old secret stays valid for the grace period."));
    });
  }

  @PostMapping("/target-apps/{id}/listing-rules")
  String changeRules(@PathVariable long id, @RequestParam(required = false) Integer nameMin,
      @RequestParam(required = false) Integer nameMax, @RequestParam(required = false) Integer descriptionMin,
      @RequestParam(required = false) Integer descriptionMax,
      @RequestParam(defaultValue = "false") boolean logoRequired,
      @RequestParam(defaultValue = "false") boolean logoSquare, @RequestParam(required = false) Integer logoMaxKb,
      @RequestParam(defaultValue = "false") boolean defaultLanguageRequired,
      @RequestParam(required = false) Integer maxMiniPrograms, @RequestParam(required = false) Integer maxVersionsKept,
      RedirectAttributes flash) {
    return Flash.run(flash, back(id), () -> {
      for (Integer bound : new Integer[] {nameMin, nameMax, descriptionMin, descriptionMax, logoMaxKb, maxMiniPrograms,
          maxVersionsKept}) {
        if (bound != null && (bound < 0 || bound > 1_000_000)) {
          throw dev.miniflow.support.Problems.invalid("Each limit is a whole number from 0 to 1,000,000.");
        }
      }
      administration.changeRules(id, new ListingRuleSet(null, null, nameMin, nameMax, descriptionMin, descriptionMax,
          logoRequired, logoSquare, logoMaxKb == null ? null : logoMaxKb * 1024, defaultLanguageRequired,
          maxMiniPrograms, maxVersionsKept, null, null));
      return to(back(id), "Listing rules saved; they apply to releases asked for from now on.");
    });
  }

  @PostMapping("/target-apps/{id}/disable")
  String disable(@PathVariable long id, RedirectAttributes flash) {
    return Flash.run(flash, back(id), () -> to(back(id),
        administration.setEnabled(id, false).name() + " is disabled: it takes no new releases."));
  }

  @PostMapping("/target-apps/{id}/enable")
  String enable(@PathVariable long id, RedirectAttributes flash) {
    return Flash.run(flash, back(id),
        () -> to(back(id), administration.setEnabled(id, true).name() + " is enabled again."));
  }

  /** The workspace's target app page; the app page of a target app nobody may see answers "not found" there. */
  private String back(long targetAppId) {
    try {
      return "/workspaces/" + targetApps.get(targetAppId).workspaceId() + "/target-apps";
    } catch (dev.miniflow.support.DomainException e) {
      return "/";
    }
  }
}
