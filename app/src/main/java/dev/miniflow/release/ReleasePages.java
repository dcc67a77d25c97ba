package dev.miniflow.release;

import static dev.miniflow.support.Flash.to;

import dev.miniflow.miniprogram.AppVersion;
import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Flash;
import dev.miniflow.workspace.WorkspaceAccess;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
class ReleasePages {
  private final ReleaseService releases;
  private final MiniProgramService miniPrograms;
  private final TargetApps targetApps;
  private final WorkspaceAccess access;
  private final AuditTrail audit;

  ReleasePages(ReleaseService releases, MiniProgramService miniPrograms, TargetApps targetApps,
      WorkspaceAccess access, AuditTrail audit) {
    this.releases = releases;
    this.miniPrograms = miniPrograms;
    this.targetApps = targetApps;
    this.access = access;
    this.audit = audit;
  }

  /** A release with the names a person recognises it by. */
  record Row(Release release, String miniProgram, String version, String targetApp) {}

  @GetMapping("/releases")
  String list(Model model) {
    List<Row> rows = new ArrayList<>();
    for (long ws : access.workspacesOf(CurrentUser.username())) {
      rows.addAll(rows(releases.ofWorkspace(ws)));
    }
    model.addAttribute("rows", rows);
    return "release/list";
  }

  @GetMapping("/mini-programs/{id}/releases-fragment")
  String ofMiniProgram(@PathVariable long id, Model model) {
    model.addAttribute("rows", rows(releases.ofMiniProgram(id)));
    return "release/list :: table";
  }

  @GetMapping("/releases/new")
  String newRelease(@RequestParam long versionId, Model model) {
    AppVersion version = miniPrograms.version(versionId);
    MiniProgram program = miniPrograms.get(version.miniProgramId());
    model.addAttribute("version", version);
    model.addAttribute("program", program);
    model.addAttribute("targetApps", targetApps.ofWorkspace(program.workspaceId()));
    model.addAttribute("environments", Environment.values());
    return "release/new";
  }

  @PostMapping("/releases")
  String request(@RequestParam long versionId, @RequestParam long targetAppId,
      @RequestParam Environment environment, RedirectAttributes flash) {
    return Flash.run(flash, "/releases/new?versionId=" + versionId, () -> {
      Release release = releases.request(versionId, List.of(targetAppId), environment).releases().getFirst();
      return to("/releases/" + release.id(), "Release requested: it is being validated and then goes to review.");
    });
  }

  @GetMapping("/releases/{id}")
  String detail(@PathVariable long id, Model model) {
    Release release = releases.get(id);
    model.addAttribute("row", rows(List.of(release)).getFirst());
    model.addAttribute("audit", audit.forSubject("release", id));
    return "release/detail";
  }

  private List<Row> rows(List<Release> list) {
    Map<Long, String> programNames = new HashMap<>();
    Map<Long, String> appNames = new HashMap<>();
    return list.stream().map(r -> new Row(r,
        programNames.computeIfAbsent(r.miniProgramId(), k -> miniPrograms.miniProgramWithoutAccessCheck(k).name()),
        miniPrograms.versionWithoutAccessCheck(r.versionId()).version(),
        appNames.computeIfAbsent(r.targetAppId(), k -> targetApps.get(k).name()))).toList();
  }

}
