package dev.miniflow.removal;

import dev.miniflow.authorization.AccessPolicy;
import dev.miniflow.authorization.Scope;
import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.release.Environment;
import dev.miniflow.release.LiveReleases;
import dev.miniflow.release.Release;
import dev.miniflow.support.Problems;
import dev.miniflow.support.Text;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * How removals begin: owners ask to take a live release offline (reviewed), inspectors force it
 * for a broken rule (warning, rectification deadline, removal). What follows is
 * {@link RemovalActions}; the process steps are {@link RemovalSteps}, the engine {@link RemovalProcess}.
 */
@Service
public class RemovalService {
  private final MiniProgramService miniPrograms;
  private final TargetApps targetApps;
  private final LiveReleases releases;
  private final AccessPolicy policy;
  private final WorkspaceAccess workspaces;
  private final NewRemovals newRemovals;

  RemovalService(MiniProgramService miniPrograms, TargetApps targetApps, LiveReleases releases, AccessPolicy policy,
      WorkspaceAccess workspaces, NewRemovals newRemovals) {
    this.miniPrograms = miniPrograms;
    this.targetApps = targetApps;
    this.releases = releases;
    this.policy = policy;
    this.workspaces = workspaces;
    this.newRemovals = newRemovals;
  }

  /** The owners ask to take the mini program offline in one target app and environment. */
  public Removal request(long miniProgramId, long targetAppId, Environment environment, String reason) {
    MiniProgram program = miniPrograms.get(miniProgramId);
    String user = policy.require(program.workspaceId(), miniProgramId, Scope.RELEASE);
    TargetApp app = targetApps.get(program.workspaceId(), targetAppId);
    if (environment == null) {
      throw Problems.invalid("An environment is required.");
    }
    if (Text.prose(reason, "reason", 2000).isEmpty()) {
      throw Problems.invalid("A reason is required to remove a mini program.");
    }
    Release live = releases.live(miniProgramId, targetAppId, environment).orElseThrow(() -> Problems.conflict(
        program.name() + " has no live full release in " + app.name() + " (" + environment + ") to remove."));
    if (releases.inFlight(miniProgramId, targetAppId, environment)) {
      throw Problems.conflict("A release of " + program.name() + " to " + app.name() + " (" + environment
          + ") is in flight; finish or cancel it before removing.");
    }
    return newRemovals.requested(program, app, environment, live, reason.strip(), user);
  }

  /** An inspector's finding: warn the owners and give them a deadline, or remove at once if severe. */
  public Removal force(long miniProgramId, String rule, String evidence, Removal.Severity severity,
      List<Long> targetAppIds) {
    MiniProgram program = miniPrograms.get(miniProgramId);
    String inspector = workspaces.require(program.workspaceId(), "Mini program " + miniProgramId, Role.INSPECTOR);
    if (rule == null || rule.isBlank() || evidence == null || evidence.isBlank() || severity == null) {
      throw Problems.invalid("A finding needs the rule broken, the evidence and a severity (MINOR, MAJOR, SEVERE).");
    }
    Set<Long> apps = new LinkedHashSet<>(targetAppIds == null ? List.of() : targetAppIds);
    apps.forEach(id -> targetApps.get(program.workspaceId(), id));
    List<Long> affected = releases.of(miniProgramId).stream()
        .filter(r -> apps.isEmpty() || apps.contains(r.targetAppId())).map(Release::id).toList();
    if (affected.isEmpty()) {
      throw Problems.conflict(program.name() + " is not live in any of those target apps: nothing to remove.");
    }
    return newRemovals.found(program, affected, rule.strip(), evidence.strip(), severity, inspector);
  }
}
