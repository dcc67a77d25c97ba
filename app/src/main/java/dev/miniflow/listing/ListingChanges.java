package dev.miniflow.listing;

import dev.miniflow.miniprogram.ListingEdited;
import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.partner.ListingProfile;
import dev.miniflow.partner.ListingRules;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.release.Environment;
import dev.miniflow.release.LiveReleases;
import dev.miniflow.release.Release;
import dev.miniflow.support.Problems;
import java.util.ArrayList;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A listing edit reaches each target app where the mini program is live (in production) as a
 * change to review there; the partner keeps what it lists until the change is approved. An edit
 * while a change waits in one of them, or that one of them would not accept by its listing rules,
 * is refused (and rolled back).
 */
@Component
class ListingChanges {
  private final ListingChangeRepository changes;
  private final ListingChangeProcess process;
  private final ListingSnapshot snapshots;
  private final LiveReleases liveReleases;
  private final TargetApps targetApps;
  private final MiniProgramService miniPrograms;

  ListingChanges(ListingChangeRepository changes, ListingChangeProcess process, ListingSnapshot snapshots,
      LiveReleases liveReleases, TargetApps targetApps, MiniProgramService miniPrograms) {
    this.changes = changes;
    this.process = process;
    this.snapshots = snapshots;
    this.liveReleases = liveReleases;
    this.targetApps = targetApps;
    this.miniPrograms = miniPrograms;
  }

  @EventListener
  @Transactional(propagation = Propagation.MANDATORY)
  public void on(ListingEdited edited) {
    String before = edited.textsBefore() == null ? snapshots.of(edited.before())
        : snapshots.of(edited.before(), edited.textsBefore());
    String after = snapshots.of(edited.after());
    if (before.equals(after)) {
      return;
    }
    MiniProgram program = edited.after();
    List<TargetApp> live = new ArrayList<>();
    for (Release release : liveReleases.of(program.id())) {
      if (release.environment() == Environment.PRODUCTION
          && live.stream().noneMatch(app -> app.id().equals(release.targetAppId()))) {
        live.add(targetApps.get(release.targetAppId()));
      }
    }
    // every refusal before any process starts: a refused edit leaves no instance behind
    var open = changes.findByMiniProgramIdOrderByIdDesc(program.id()).stream()
        .filter(c -> ListingChange.Status.OPEN.contains(c.status())).toList();
    for (TargetApp app : live) {
      if (open.stream().anyMatch(c -> c.targetAppId().equals(app.id()))) {
        throw Problems.conflict("A listing change of " + program.name() + " waits for its review in " + app.name()
            + "; withdraw it or wait for the decision before changing the listing again.");
      }
      List<String> broken = ListingRules.violations(targetApps.currentRules(app), new ListingProfile(program.name(),
          program.description(), program.logoBytes(), zeroIfNull(program.logoWidth()),
          zeroIfNull(program.logoHeight()), program.defaultLanguage(),
          () -> miniPrograms.countInWorkspace(program.workspaceId()), () -> miniPrograms.countVersions(program.id())));
      if (!broken.isEmpty()) {
        throw Problems.invalid(app.name() + ", where " + program.name() + " is live, would not accept this listing: "
            + String.join(" ", broken));
      }
    }
    for (TargetApp app : live) {
      String shown = changes.lastPublished(program.id(), app.id()).orElse(before);
      ListingChange saved = changes.save(new ListingChange(null, program.workspaceId(), program.id(), app.id(),
          ListingChange.Status.UNDER_REVIEW, after, shown, edited.editedBy(), null, null, null, null, null, null,
          null));
      process.start(saved, program.name() + " in " + app.name());
    }
  }

  private static int zeroIfNull(Integer value) {
    return value == null ? 0 : value;
  }
}
