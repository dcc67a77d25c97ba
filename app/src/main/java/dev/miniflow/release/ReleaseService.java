package dev.miniflow.release;

import dev.miniflow.authorization.AccessPolicy;
import dev.miniflow.authorization.Scope;
import dev.miniflow.miniprogram.AppVersion;
import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * How releases begin: a developer asks for a version to go to target apps, or an operator rolls a
 * live release back. What happens to a release after that is {@link ReleaseActions}.
 */
@Service
public class ReleaseService {
  static final int MAX_TARGET_APPS = 10;

  private final ReleaseRepository releases;
  private final MiniProgramService miniPrograms;
  private final TargetApps targetApps;
  private final WorkspaceAccess access;
  private final AccessPolicy policy;
  private final NewReleases newReleases;
  private final PhasePlanStore plans;

  ReleaseService(ReleaseRepository releases, MiniProgramService miniPrograms, TargetApps targetApps,
      WorkspaceAccess access, AccessPolicy policy, NewReleases newReleases, PhasePlanStore plans) {
    this.plans = plans;
    this.releases = releases;
    this.miniPrograms = miniPrograms;
    this.targetApps = targetApps;
    this.access = access;
    this.policy = policy;
    this.newReleases = newReleases;
  }

  /** The releases one request created, one per target app, and the process instance running them. */
  public record Requested(long processInstanceKey, List<Release> releases) {}

  /** Asks for a version to be released to one or more target apps (see {@link NewReleases#start}). */
  public Requested request(long versionId, List<Long> targetAppIds, Environment environment) {
    if (environment == null) {
      throw Problems.invalid("An environment is required (PRODUCTION, SANDBOX, TEST or DEVELOPMENT).");
    }
    Set<Long> distinct = new LinkedHashSet<>(targetAppIds == null ? List.of() : targetAppIds);
    distinct.remove(null);
    if (distinct.isEmpty() || distinct.size() > MAX_TARGET_APPS) {
      throw Problems.invalid("Name 1 to " + MAX_TARGET_APPS + " target apps.");
    }
    AppVersion version = miniPrograms.version(versionId);
    MiniProgram program = miniPrograms.get(version.miniProgramId());
    String requester = policy.require(program.workspaceId(), program.id(), Scope.RELEASE);
    List<TargetApp> apps = distinct.stream().map(id -> targetApps.get(program.workspaceId(), id)).toList();
    return newReleases.start(program, version, apps, environment, requester, null);
  }

  /** How many earlier full releases a rollback can return to. */
  public static final int ROLLBACK_DEPTH = 5;

  /** The earlier full releases the live one can be rolled back to, latest first (at most {@value #ROLLBACK_DEPTH}). */
  public List<Release> rollbackTargets(long releaseId) {
    Release current = releases.findById(releaseId).orElseThrow(() -> Problems.notFound("Release " + releaseId));
    access.requireMember(current.workspaceId(), "Release " + releaseId);
    return releases.findEarlierFull(current.miniProgramId(), current.targetAppId(), current.environment().name(),
        current.id(), ROLLBACK_DEPTH);
  }

  /**
   * Rolls a live full release back to one of the last {@value #ROLLBACK_DEPTH} full releases
   * before it (by default the latest). The rollback is itself a release of that earlier version:
   * reviewed, then published in full at once.
   *
   * @param toReleaseId the earlier full release to return to, or null for the one just before
   */
  public Requested rollback(long releaseId, Long toReleaseId) {
    Release current = releases.findById(releaseId).orElseThrow(() -> Problems.notFound("Release " + releaseId));
    String operator = access.require(current.workspaceId(), "Release " + releaseId, Role.OPERATOR, Role.ADMIN);
    if (current.status() != ReleaseStatus.RELEASED) {
      throw Problems.conflict("Only the live full release can be rolled back; this one is " + current.status() + ".");
    }
    plans.activeFor(current.miniProgramId(), current.targetAppId(), current.environment().name()).ifPresent(p -> {
      throw Problems.conflict("Rollback is not allowed during a phased release: release " + p.releaseId() + " is "
          + p.state() + " at " + p.currentPercent() + "%. Revert it or let it finish first.");
    });
    releases.findLatest(current.miniProgramId(), current.targetAppId(), current.environment().name(),
        ReleaseStatus.GRAYSCALE.name()).ifPresent(g -> {
          throw Problems.conflict("Rollback is not allowed during grayscale: release " + g.id() + " is at "
              + g.grayscalePercent() + "%. Finish or cancel it first.");
        });
    List<Release> earlier = releases.findEarlierFull(current.miniProgramId(), current.targetAppId(),
        current.environment().name(), current.id(), ROLLBACK_DEPTH);
    if (earlier.isEmpty()) {
      throw Problems.conflict("There is no earlier full release to roll back to.");
    }
    Release previous = toReleaseId == null ? earlier.getFirst()
        : earlier.stream().filter(r -> r.id().equals(toReleaseId)).findFirst()
            .orElseThrow(() -> Problems.invalid("Release " + toReleaseId + " is not one of the last "
                + ROLLBACK_DEPTH + " full releases of this mini program here (" + earlier.stream()
                    .map(r -> String.valueOf(r.id())).collect(java.util.stream.Collectors.joining(", "))
                + ")."));
    MiniProgram program = miniPrograms.miniProgramWithoutAccessCheck(current.miniProgramId());
    AppVersion version = miniPrograms.versionWithoutAccessCheck(previous.versionId());
    return newReleases.start(program, version, List.of(targetApps.get(current.targetAppId())), current.environment(),
        operator, current.id());
  }
}
