package dev.miniflow.removal;

import static dev.miniflow.support.Flash.to;

import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.release.Environment;
import dev.miniflow.release.ReleaseQueries;
import dev.miniflow.support.AuditTrail;
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

/** Removals of a mini program: owners ask, inspectors record findings, owners rectify. */
@Controller
class RemovalPages {
  private final RemovalService removals;
  private final RemovalActions actions;
  private final RemovalQueries queries;
  private final MiniProgramService miniPrograms;
  private final TargetApps targetApps;
  private final WorkspaceAccess access;
  private final AuditTrail audit;

  private final EmergencyFreezes freezes;
  private final ReleaseQueries releases;

  RemovalPages(RemovalService removals, RemovalActions actions, RemovalQueries queries, MiniProgramService miniPrograms,
      TargetApps targetApps, WorkspaceAccess access,
      AuditTrail audit, EmergencyFreezes freezes, ReleaseQueries releases) {
    this.freezes = freezes;
    this.releases = releases;
    this.removals = removals;
    this.actions = actions;
    this.queries = queries;
    this.miniPrograms = miniPrograms;
    this.targetApps = targetApps;
    this.access = access;
    this.audit = audit;
  }

  @GetMapping("/mini-programs/{id}/removals")
  String list(@PathVariable long id, Model model) {
    MiniProgram program = miniPrograms.get(id);
    model.addAttribute("program", program);
    model.addAttribute("removals", queries.ofMiniProgram(id));
    model.addAttribute("targetApps", targetApps.ofWorkspace(program.workspaceId()));
    model.addAttribute("environments", Environment.values());
    model.addAttribute("severities", Removal.Severity.values());
    var roles = access.rolesOf(CurrentUser.username(), program.workspaceId());
    model.addAttribute("isInspector", roles.contains(Role.INSPECTOR));
    model.addAttribute("canFreeze", roles.contains(Role.INSPECTOR) || roles.contains(Role.ADMIN));
    model.addAttribute("freezes", freezes.ofMiniProgram(id));
    return "removal/list";
  }

  @GetMapping("/removals/{id}")
  String detail(@PathVariable long id, Model model) {
    Removal removal = queries.get(id);
    model.addAttribute("removal", removal);
    model.addAttribute("program", miniPrograms.get(removal.miniProgramId()));
    model.addAttribute("audit", audit.forSubject(Removal.SUBJECT, id));
    model.addAttribute("canWithdraw", removal.status() == Removal.Status.UNDER_REVIEW
        && CurrentUser.username().equals(removal.requestedBy()));
    model.addAttribute("canRectify", removal.status() == Removal.Status.WARNED);
    var roles = access.rolesOf(CurrentUser.username(), removal.workspaceId());
    model.addAttribute("canExportEvidence", roles.contains(Role.ADMIN) || roles.contains(Role.INSPECTOR));
    return "removal/detail";
  }

  @PostMapping("/mini-programs/{id}/removals")
  String request(@PathVariable long id, @RequestParam long targetAppId, @RequestParam Environment environment,
      @RequestParam(defaultValue = "") String reason, RedirectAttributes flash) {
    String back = "/mini-programs/" + id + "/removals";
    return Flash.run(flash, back, () -> {
      Removal removal = removals.request(id, targetAppId, environment, reason);
      return to("/removals/" + removal.id(), "Removal requested: a reviewer decides.");
    });
  }

  @PostMapping("/mini-programs/{id}/findings")
  String finding(@PathVariable long id, @RequestParam(defaultValue = "") String rule,
      @RequestParam(defaultValue = "") String evidence, @RequestParam Removal.Severity severity,
      RedirectAttributes flash) {
    String back = "/mini-programs/" + id + "/removals";
    return Flash.run(flash, back, () -> {
      Removal removal = removals.force(id, rule, evidence, severity, List.of());
      return to("/removals/" + removal.id(), severity == Removal.Severity.SEVERE
          ? "Severe finding: the mini program is being removed." : "Finding recorded: the owners are warned.");
    });
  }

  @PostMapping("/mini-programs/{id}/freeze")
  String freeze(@PathVariable long id, @RequestParam(defaultValue = "") String reason, RedirectAttributes flash) {
    return Flash.run(flash, "/mini-programs/" + id + "/removals", () -> {
      EmergencyFreezes.Freeze freeze = freezes.freeze(id, reason);
      return to("/freezes/" + freeze.id(), "Frozen: taken offline in " + freeze.removals().size()
          + " target app" + (freeze.removals().size() == 1 ? "" : "s") + ", one removal each.");
    });
  }

  @GetMapping("/freezes/{id}")
  String freezeDetail(@PathVariable long id, Model model) {
    EmergencyFreezes.Freeze freeze = freezes.get(id);
    model.addAttribute("freeze", freeze);
    model.addAttribute("program", miniPrograms.get(freeze.miniProgramId()));
    // where each removal took the mini program offline, by the target app of its release
    java.util.Map<Long, String> appOfRelease = new java.util.HashMap<>();
    releases.ofMiniProgram(freeze.miniProgramId()).forEach(r -> appOfRelease.put(r.id(),
        targetApps.get(r.targetAppId()).name() + " (" + r.environment() + ")"));
    model.addAttribute("appNames", freeze.removals().stream().collect(java.util.stream.Collectors.toMap(
        Removal::id, r -> r.releaseIds().stream().map(rel -> appOfRelease.getOrDefault(rel, "release " + rel))
            .collect(java.util.stream.Collectors.joining(", ")))));
    return "removal/freeze";
  }

  @PostMapping("/removals/{id}/withdraw")
  String withdraw(@PathVariable long id, RedirectAttributes flash) {
    return Flash.run(flash, "/removals/" + id, () -> {
      actions.withdraw(id);
      return to("/removals/" + id, "Removal withdrawn.");
    });
  }

  @PostMapping("/removals/{id}/rectification")
  String rectify(@PathVariable long id, @RequestParam(defaultValue = "") String note, RedirectAttributes flash) {
    return Flash.run(flash, "/removals/" + id, () -> {
      actions.rectify(id, note);
      return to("/removals/" + id, "Rectification submitted: an inspector reviews it.");
    });
  }
}
