package dev.miniflow.listing;

import dev.miniflow.miniprogram.ListingEdited;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.release.LiveReleases;
import dev.miniflow.release.Release;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import java.util.LinkedHashSet;
import java.util.Set;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * A listing edit reaches each target app where the mini program is live (in production) as a
 * change to review there; the partner keeps what it lists until the change is approved. An edit
 * while a change waits in one of them is refused (and rolled back): withdraw that one first.
 */
@Component
class ListingChanges {
  private final ListingChangeRepository changes;
  private final ListingChangeProcess process;
  private final ListingSnapshot snapshots;
  private final LiveReleases liveReleases;
  private final TargetApps targetApps;
  private final AuditTrail audit;

  ListingChanges(ListingChangeRepository changes, ListingChangeProcess process, ListingSnapshot snapshots,
      LiveReleases liveReleases, TargetApps targetApps, AuditTrail audit) {
    this.changes = changes;
    this.process = process;
    this.snapshots = snapshots;
    this.liveReleases = liveReleases;
    this.targetApps = targetApps;
    this.audit = audit;
  }

  @EventListener
  @Transactional(propagation = Propagation.MANDATORY)
  public void on(ListingEdited edited) {
    String before = snapshots.of(edited.before());
    String after = snapshots.of(edited.after());
    if (before.equals(after)) {
      return;
    }
    long miniProgramId = edited.after().id();
    Set<Long> live = new LinkedHashSet<>();
    for (Release release : liveReleases.of(miniProgramId)) {
      if (release.environment() == dev.miniflow.release.Environment.PRODUCTION) {
        live.add(release.targetAppId());
      }
    }
    var open = changes.findByMiniProgramIdOrderByIdDesc(miniProgramId).stream()
        .filter(c -> ListingChange.Status.OPEN.contains(c.status())).toList();
    for (long targetAppId : live) {
      TargetApp app = targetApps.get(targetAppId);
      if (open.stream().anyMatch(c -> c.targetAppId() == targetAppId)) {
        throw Problems.conflict("A listing change of " + edited.after().name() + " waits for its review in "
            + app.name() + "; withdraw it or wait for the decision before changing the listing again.");
      }
      String shown = changes.lastPublished(miniProgramId, targetAppId).orElse(before);
      ListingChange saved = changes.save(new ListingChange(null, edited.after().workspaceId(), miniProgramId,
          targetAppId, ListingChange.Status.UNDER_REVIEW, after, shown, edited.editedBy(), null, null, null, null,
          null, null, null));
      audit.record(edited.editedBy(), ListingAudit.REQUESTED, saved.id(), saved.workspaceId(),
          edited.after().name() + " in " + app.name());
      process.start(saved);
    }
  }
}
