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
import dev.miniflow.workspace.Role;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Set;
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
  private final ReleaseActions actions;
  private final ReleaseQueries queries;
  private final MiniProgramService miniPrograms;
  private final ExpeditedReviews expedited;
  private final PhasedReleases phased;
  private final TargetApps targetApps;
  private final WorkspaceAccess access;
  private final AuditTrail audit;

  ReleasePages(ReleaseService releases, ReleaseActions actions, ReleaseQueries queries, MiniProgramService miniPrograms,
      TargetApps targetApps,
      WorkspaceAccess access, AuditTrail audit, ExpeditedReviews expedited, PhasedReleases phased) {
    this.expedited = expedited;
    this.phased = phased;
    this.releases = releases;
    this.actions = actions;
    this.queries = queries;
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
      rows.addAll(rows(queries.ofWorkspace(ws)));
    }
    model.addAttribute("rows", rows);
    return "release/list";
  }

  @GetMapping("/mini-programs/{id}/releases-fragment")
  String ofMiniProgram(@PathVariable long id, Model model) {
    model.addAttribute("rows", rows(queries.ofMiniProgram(id)));
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
  String request(@RequestParam long versionId, @RequestParam(required = false) List<Long> targetAppIds,
      @RequestParam Environment environment, RedirectAttributes flash) {
    return Flash.run(flash, "/releases/new?versionId=" + versionId, () -> {
      List<Release> created = releases.request(versionId, targetAppIds, environment).releases();
      return to(created.size() == 1 ? "/releases/" + created.getFirst().id()
          : "/mini-programs/" + created.getFirst().miniProgramId() + "/board",
          "Release requested for " + created.size() + " target app(s): validation runs, then review where needed.");
    });
  }

  @GetMapping("/releases/{id}")
  String detail(@PathVariable long id, Model model) {
    Release release = queries.get(id);
    Set<Role> roles = access.rolesOf(CurrentUser.username(), release.workspaceId());
    boolean operator = roles.contains(Role.OPERATOR) || roles.contains(Role.ADMIN);
    ReleaseStatus status = release.status();
    model.addAttribute("row", rows(List.of(release)).getFirst());
    model.addAttribute("audit", audit.forSubject(Release.SUBJECT, id));
    model.addAttribute("canExportEvidence", roles.contains(Role.ADMIN) || roles.contains(Role.INSPECTOR));
    model.addAttribute("canWithdraw", CurrentUser.username().equals(release.requestedBy())
        && (status == ReleaseStatus.CREATED || status == ReleaseStatus.UNDER_REVIEW));
    model.addAttribute("canCancel", operator && release.inFlight());
    var plan = phased.plan(id);
    boolean phasing = plan.filter(p -> p.state().running()).isPresent();
    model.addAttribute("canPilot", operator && !phasing
        && (status == ReleaseStatus.APPROVED || status == ReleaseStatus.PILOT));
    boolean rollingOut = operator && ReleaseStatus.ROLLOUT_FROM.contains(status);
    // during a phased release its plan sets the percentage; releasing to everyone stays possible
    model.addAttribute("canGrayscale", rollingOut && !phasing);
    model.addAttribute("canFull", rollingOut);
    model.addAttribute("canRollback", operator && status == ReleaseStatus.RELEASED);
    model.addAttribute("plan", plan.map(PhasedReleaseApi.PlanView::of).orElse(null));
    model.addAttribute("canPhase", operator && plan.isEmpty() && release.pendingStage() == null
        && (status == ReleaseStatus.APPROVED || status == ReleaseStatus.PILOT));
    model.addAttribute("canSteer", operator && phasing);
    var urgent = expedited.of(id);
    model.addAttribute("expedited", urgent.orElse(null));
    boolean waiting = status == ReleaseStatus.CREATED || status == ReleaseStatus.UNDER_REVIEW;
    model.addAttribute("canExpedite", CurrentUser.username().equals(release.requestedBy()) && waiting
        && urgent.isEmpty());
    model.addAttribute("expediteQuota", waiting ? expedited.quota(release.workspaceId()) : null);
    model.addAttribute("rollbackTargets", operator && status == ReleaseStatus.RELEASED
        ? releases.rollbackTargets(id).stream().map(r -> new RollbackTarget(r.id(),
            miniPrograms.versionWithoutAccessCheck(r.versionId()).version(), r.publishedAt())).toList()
        : List.of());
    model.addAttribute("nextPercent",
        release.grayscalePercent() == null ? 1 : Math.min(99, release.grayscalePercent() + 1));
    return "release/detail";
  }

  /** Target apps × environments: what is live and what is on its way, per mini program. */
  @GetMapping("/mini-programs/{id}/board")
  String board(@PathVariable long id, Model model) {
    MiniProgram program = miniPrograms.get(id);
    List<Release> all = queries.ofMiniProgram(id);
    List<BoardRow> board = new ArrayList<>();
    for (TargetApp app : targetApps.ofWorkspace(program.workspaceId())) {
      List<BoardCell> cells = new ArrayList<>();
      for (Environment environment : Environment.values()) {
        var here =
            all.stream().filter(r -> r.targetAppId().equals(app.id()) && r.environment() == environment).toList();
        cells.add(new BoardCell(environment,
            here.stream().filter(r -> r.status() == ReleaseStatus.RELEASED).findFirst().map(this::row).orElse(null),
            here.stream().filter(Release::inFlight).findFirst().map(this::row).orElse(null),
            here.stream().findFirst().filter(r -> r.status().terminal()).map(this::row).orElse(null)));
      }
      board.add(new BoardRow(app, cells));
    }
    model.addAttribute("program", program);
    model.addAttribute("board", board);
    model.addAttribute("environments", Environment.values());
    return "release/board";
  }

  record BoardCell(Environment environment, Row live, Row inFlight, Row lastEnded) {}

  record BoardRow(TargetApp app, List<BoardCell> cells) {}

  @PostMapping("/releases/{id}/withdraw")
  String withdraw(@PathVariable long id, @RequestParam(defaultValue = "") String reason, RedirectAttributes flash) {
    return act(id, flash, () -> actions.withdraw(id, reason), "Release withdrawn.");
  }

  @PostMapping("/releases/{id}/cancel")
  String cancel(@PathVariable long id, @RequestParam(defaultValue = "") String reason, RedirectAttributes flash) {
    return act(id, flash, () -> actions.cancel(id, reason), "Release canceled.");
  }

  @PostMapping("/releases/{id}/pilot")
  String pilot(@PathVariable long id, @RequestParam(defaultValue = "") String testers, RedirectAttributes flash) {
    List<String> ids = Arrays.stream(testers.split("[,\\s]+")).filter(t -> !t.isBlank()).toList();
    return act(id, flash, () -> actions.pilot(id, ids), "Pilot requested for " + ids.size() + " testers.");
  }

  @PostMapping("/releases/{id}/grayscale")
  String grayscale(@PathVariable long id, @RequestParam int percent, RedirectAttributes flash) {
    return act(id, flash, () -> actions.grayscale(id, percent), "Grayscale " + percent + "% requested.");
  }

  @PostMapping("/releases/{id}/full")
  String full(@PathVariable long id, RedirectAttributes flash) {
    return act(id, flash, () -> actions.releaseFully(id), "Full release requested.");
  }

  @PostMapping("/releases/{id}/expedite")
  String expedite(@PathVariable long id,
      @org.springframework.web.bind.annotation.RequestParam(required = false) String reason, RedirectAttributes flash) {
    return Flash.run(flash, "/releases/" + id, () -> {
      ExpeditedReviews.Expedited done = expedited.expedite(id, reason);
      return to("/releases/" + id, "Urgent review asked for: " + done.quota().remaining() + " of "
          + done.quota().perMonth() + " left this month.");
    });
  }

  /** An earlier full release to roll back to, as the select shows it. */
  record RollbackTarget(long id, String version, java.time.Instant publishedAt) {}

  @PostMapping("/releases/{id}/rollback")
  String rollback(@PathVariable long id,
      @org.springframework.web.bind.annotation.RequestParam(required = false) Long toReleaseId,
      RedirectAttributes flash) {
    return Flash.run(flash, "/releases/" + id, () -> {
      Release rollback = releases.rollback(id, toReleaseId).releases().getFirst();
      return to("/releases/" + rollback.id(), "Rollback requested: it is reviewed, then goes live at once.");
    });
  }

  private String act(long id, RedirectAttributes flash, Runnable action, String done) {
    return Flash.run(flash, "/releases/" + id, () -> {
      action.run();
      return to("/releases/" + id, done);
    });
  }

  private Row row(Release release) {
    return rows(List.of(release)).getFirst();
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
