package dev.miniflow.release;

import org.springframework.modulith.NamedInterface;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.partner.ListingRuleSet;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.WorkspaceAccess;
import java.util.List;
import org.springframework.stereotype.Service;

/** Releases as their workspace's members see them. */
@Service
@NamedInterface("api")
public class ReleaseQueries {
  private final ReleaseRepository releases;
  private final WorkspaceAccess access;
  private final MiniProgramService miniPrograms;
  private final TargetApps targetApps;

  ReleaseQueries(ReleaseRepository releases, WorkspaceAccess access, MiniProgramService miniPrograms,
      TargetApps targetApps) {
    this.releases = releases;
    this.access = access;
    this.miniPrograms = miniPrograms;
    this.targetApps = targetApps;
  }

  /** The release, if the current user is a member of its workspace. */
  public Release get(long releaseId) {
    Release release = releases.findById(releaseId).orElseThrow(() -> Problems.notFound("Release " + releaseId));
    access.requireMember(release.workspaceId(), "Release " + releaseId);
    return release;
  }

  public List<Release> ofWorkspace(long workspaceId) {
    access.requireMember(workspaceId, "Workspace " + workspaceId);
    return releases.findTop100ByWorkspaceIdOrderByIdDesc(workspaceId);
  }

  public List<Release> ofMiniProgram(long miniProgramId) {
    miniPrograms.get(miniProgramId);
    return releases.findByMiniProgramIdOrderByIdDesc(miniProgramId);
  }

  /** The tester ids of every pilot of a version, for its preview codes (no access check). */
  public List<String> pilotTesters(long versionId) {
    return releases.testersOfVersion(versionId);
  }

  /** The listing rules the release is checked against: its target app's when it was asked for. */
  ListingRuleSet listingRules(Release release, TargetApp app) {
    return targetApps.rulesFor(app, releases.listingRulesId(release.id()));
  }

  /** For the process's own steps and task pages, which checked access already. */
  Release load(long releaseId) {
    return releases.findById(releaseId).orElseThrow(() -> new IllegalStateException("No release " + releaseId));
  }
}
