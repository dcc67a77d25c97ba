package dev.miniflow.release;

import org.springframework.modulith.NamedInterface;

import dev.miniflow.partner.PublicationRequest;
import dev.miniflow.partner.RolloutStage;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.support.AuditTrail;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * What other features (removals, promotion) need of the releases that are live: find them, and
 * take one offline. No access check: the callers checked theirs.
 */
@Service
@NamedInterface("api")
public class LiveReleases {
  private final ReleaseRepository releases;
  private final TargetApps targetApps;
  private final AuditTrail audit;
  private final TransactionTemplate tx;
  private final ReleaseProcess process;

  LiveReleases(ReleaseRepository releases, TargetApps targetApps, AuditTrail audit, TransactionTemplate tx,
      ReleaseProcess process) {
    this.process = process;
    this.releases = releases;
    this.targetApps = targetApps;
    this.audit = audit;
    this.tx = tx;
  }

  /** The full release live in a target app and environment. */
  public Optional<Release> live(long miniProgramId, long targetAppId, Environment environment) {
    return releases.findLatest(miniProgramId, targetAppId, environment.name(), ReleaseStatus.RELEASED.name());
  }

  public boolean inFlight(long miniProgramId, long targetAppId, Environment environment) {
    return releases.existsInStatus(miniProgramId, targetAppId, environment.name(),
        ReleaseStatus.names(ReleaseStatus.IN_FLIGHT));
  }

  public List<Release> of(long miniProgramId) {
    return releases.findByMiniProgramIdOrderByIdDesc(miniProgramId).stream()
        .filter(r -> r.status() == ReleaseStatus.RELEASED).toList();
  }

  /**
   * Stops every release of the mini program still on its way (under review, pilot, grayscale, a
   * phased plan), in the caller's transaction: an emergency freeze leaves nothing that would go
   * live again by itself. @return the releases stopped
   */
  public List<Release> stopInFlight(long miniProgramId, String actor, String reason) {
    List<Release> stopped = new java.util.ArrayList<>();
    for (Release release : releases.findByMiniProgramIdOrderByIdDesc(miniProgramId)) {
      if (ReleaseStatus.IN_FLIGHT.contains(release.status()) && cancel(release, actor, reason)) {
        stopped.add(release);
      }
    }
    return stopped;
  }

  /**
   * Cancels a release if it is still in flight (one conditional update), records it and tells its
   * process, in the caller's transaction. @return whether it was in flight
   */
  boolean cancel(Release release, String actor, String reason) {
    if (releases.stop(release.id(), ReleaseStatus.names(ReleaseStatus.IN_FLIGHT), ReleaseStatus.CANCELED.name(),
        reason) == 0) {
      return false;
    }
    audit.record(actor, ReleaseAudit.CANCELED, release.id(), release.workspaceId(), reason);
    process.tell(ReleaseProcess.MESSAGE_STOPPED, release.id());
    return true;
  }

  /**
   * Takes a live release offline at its partner (idempotent on its key) and keeps the listing
   * blocked until an admin restores it. Called by the removal processes' workers.
   */
  public void takeOffline(long releaseId, long removalId, String reason) {
    Release release =
        releases.findById(releaseId).orElseThrow(() -> new IllegalStateException("No release " + releaseId));
    TargetApp app = targetApps.get(release.targetAppId());
    if (release.status() == ReleaseStatus.RELEASED) {
      // outside a transaction: the partner call may be slow
      targetApps.publish(
          new PublicationRequest(app, PublicationKey.of(releaseId, app.code(), RolloutStage.OFFLINE, null, null),
              release.bundle(), release.bundleSha256(), release.bundleSignature(), RolloutStage.OFFLINE, null, null));
    }
    tx.executeWithoutResult(status -> {
      releases.block(release.miniProgramId(), release.targetAppId(), release.environment().name(), removalId);
      if (releases.markRemoved(releaseId) == 1) {
        audit.record(AuditTrail.SYSTEM, ReleaseAudit.REMOVED, releaseId, release.workspaceId(),
            "Taken offline in " + app.name() + ": " + reason);
      }
    });
  }
}
