package dev.miniflow.release;

import static dev.miniflow.release.ReleaseProcess.MESSAGE_ROLLOUT;
import static dev.miniflow.release.ReleaseProcess.MESSAGE_STOPPED;

import dev.miniflow.partner.RolloutStage;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.support.Text;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What people do with a release once it is requested: withdraw, cancel, and roll it out (pilot,
 * grayscale, full). Each action checks the caller's role and the release's status in one
 * conditional update, then tells the release process, in one transaction.
 */
@Service
public class ReleaseActions {
  private final ReleaseRepository releases;
  private final ReleaseProcess process;
  private final WorkspaceAccess access;
  private final AuditTrail audit;
  private final PhasePlanStore plans;
  private final LiveReleases live;

  ReleaseActions(ReleaseRepository releases, ReleaseProcess process, WorkspaceAccess access, AuditTrail audit,
      PhasePlanStore plans, LiveReleases live) {
    this.plans = plans;
    this.live = live;
    this.releases = releases;
    this.process = process;
    this.access = access;
    this.audit = audit;
  }

  /** The requester takes back a release that is not decided yet. */
  @Transactional
  public Release withdraw(long releaseId, String reason) {
    Release release = find(releaseId);
    String user = access.requireMember(release.workspaceId(), "Release " + releaseId);
    if (!user.equals(release.requestedBy())) {
      throw Problems.forbidden("Only " + release.requestedBy() + ", who asked for this release, can withdraw it.");
    }
    reason = Text.prose(reason, "reason", 2000);
    if (releases.stop(releaseId, ReleaseStatus.names(ReleaseStatus.WITHDRAWABLE), ReleaseStatus.WITHDRAWN.name(),
        reason) == 0) {
      throw Problems.conflict("A release can only be withdrawn before it is decided; this one is "
          + find(releaseId).status() + ".");
    }
    audit.record(user, ReleaseAudit.WITHDRAWN, releaseId, release.workspaceId(), reason);
    process.tell(MESSAGE_STOPPED, releaseId);
    return find(releaseId);
  }

  /** Stops a release in flight, in any status before it is fully released. */
  @Transactional
  public Release cancel(long releaseId, String reason) {
    Release release = find(releaseId);
    String user = requireOperator(release);
    if (Text.prose(reason, "reason", 2000).isEmpty()) {
      throw Problems.invalid("A reason is required to cancel a release.");
    }
    if (!live.cancel(release, user, reason.strip())) {
      throw Problems
          .conflict("Only a release in flight can be canceled; this one is " + find(releaseId).status() + ".");
    }
    return find(releaseId);
  }

  /** Publishes an approved release to a whitelist of testers (and changes the whitelist later). */
  @Transactional
  public Release pilot(long releaseId, List<String> testers) {
    Release release = find(releaseId);
    String user = requireOperator(release);
    refuseDuringPlan(releaseId);
    List<String> whitelist = Testers.whitelist(testers);
    if (releases.requestRollout(releaseId, RolloutStage.PILOT.name(), null, whitelist.toArray(String[]::new),
        ReleaseStatus.names(ReleaseStatus.PILOT_FROM)) == 0) {
      throw Problems.conflict("A pilot is possible once the release is approved and before grayscale; this one is "
          + find(releaseId).status() + ".");
    }
    audit.record(user, ReleaseAudit.PILOT_REQUESTED, releaseId, release.workspaceId(),
        whitelist.size() + " testers");
    process.tell(MESSAGE_ROLLOUT, releaseId);
    return find(releaseId);
  }

  /** Shows the release to a share of users; the share only ever goes up. */
  @Transactional
  public Release grayscale(long releaseId, int percent) {
    Release release = find(releaseId);
    String user = requireOperator(release);
    refuseDuringPlan(releaseId);
    if (percent < 1 || percent > 99) {
      throw Problems.invalid("The grayscale percentage must be between 1 and 99; use the full release for 100%.");
    }
    int current = Math.max(release.grayscalePercent() == null ? 0 : release.grayscalePercent(),
        RolloutStage.GRAYSCALE.name().equals(release.pendingStage()) && release.pendingPercent() != null
            ? release.pendingPercent() : 0);
    if (percent <= current) {
      throw Problems.conflict("The grayscale percentage only goes up: it is already " + current + "%.");
    }
    if (releases.requestRollout(releaseId, RolloutStage.GRAYSCALE.name(), percent, null,
        ReleaseStatus.names(ReleaseStatus.ROLLOUT_FROM)) == 0) {
      throw Problems.conflict("Grayscale is possible once the release is approved; this one is "
          + find(releaseId).status() + ".");
    }
    audit.record(user, ReleaseAudit.GRAYSCALE_REQUESTED, releaseId, release.workspaceId(), percent + "%");
    process.tell(MESSAGE_ROLLOUT, releaseId);
    return find(releaseId);
  }

  /** Releases to everyone; archives the full release that was live before. */
  @Transactional
  public Release releaseFully(long releaseId) {
    Release release = find(releaseId);
    String user = requireOperator(release);
    if (releases.requestRollout(releaseId, RolloutStage.FULL.name(), null, null,
        ReleaseStatus.names(ReleaseStatus.ROLLOUT_FROM)) == 0) {
      throw Problems.conflict("A full release is possible once the release is approved; this one is "
          + find(releaseId).status() + ".");
    }
    audit.record(user, ReleaseAudit.FULL_REQUESTED, releaseId, release.workspaceId(), null);
    process.tell(MESSAGE_ROLLOUT, releaseId);
    return find(releaseId);
  }

  /** While a phased release runs, its plan alone sets who sees the release (releasing fully stays possible). */
  private void refuseDuringPlan(long releaseId) {
    plans.find(releaseId).filter(p -> p.state().running()).ifPresent(p -> {
      throw Problems.conflict("A phased release sets the percentage here (" + PhasePlan.describe(p.percents())
          + "); pause, resume or revert it, or release fully.");
    });
  }

  private String requireOperator(Release release) {
    return access.require(release.workspaceId(), "Release " + release.id(), Role.OPERATOR, Role.ADMIN);
  }

  private Release find(long releaseId) {
    return releases.findById(releaseId).orElseThrow(() -> Problems.notFound("Release " + releaseId));
  }
}
