package dev.miniflow.miniprogram;

import org.springframework.modulith.NamedInterface;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.WorkspaceAccess;
import java.util.List;
import org.springframework.stereotype.Service;

/** Mini programs and their versions as members see them, and their stored packages checked again for reviewers. */
@Service
@NamedInterface("api")
public class MiniProgramService {
  private final MiniProgramRepository programs;
  private final AppVersionRepository versions;
  private final WorkspaceAccess access;
  private final Packages packages;

  MiniProgramService(MiniProgramRepository programs, AppVersionRepository versions, WorkspaceAccess access,
      Packages packages) {
    this.programs = programs;
    this.versions = versions;
    this.access = access;
    this.packages = packages;
  }

  public long countInWorkspace(long workspaceId) {
    return programs.countByWorkspaceId(workspaceId);
  }

  public long countVersions(long miniProgramId) {
    return versions.countByMiniProgramId(miniProgramId);
  }

  public List<MiniProgram> ofWorkspace(long workspaceId) {
    access.requireMember(workspaceId, "Workspace " + workspaceId);
    return programs.findByWorkspaceIdOrderByName(workspaceId);
  }

  /** The mini program, if the current user is a member of its workspace. */
  public MiniProgram get(long miniProgramId) {
    MiniProgram program = programs.findById(miniProgramId)
        .orElseThrow(() -> Problems.notFound("Mini program " + miniProgramId));
    access.requireMember(program.workspaceId(), "Mini program " + miniProgramId);
    return program;
  }

  public List<AppVersion> versions(long miniProgramId) {
    get(miniProgramId);
    return versions.findByMiniProgramIdOrderByIdDesc(miniProgramId);
  }

  /** The version, if the current user is a member of its mini program's workspace. */
  public AppVersion version(long versionId) {
    AppVersion version = versionWithoutAccessCheck(versionId);
    get(version.miniProgramId());
    return version;
  }

  /** For process workers, which act for the system rather than for a logged-in user. */
  public AppVersion versionWithoutAccessCheck(long versionId) {
    return versions.findById(versionId).orElseThrow(() -> Problems.notFound("Version " + versionId));
  }

  public MiniProgram miniProgramWithoutAccessCheck(long miniProgramId) {
    return programs.findById(miniProgramId).orElseThrow(() -> Problems.notFound("Mini program " + miniProgramId));
  }

  /**
   * Checks the stored package again before it is released: it must still be the bytes that were
   * uploaded and still pass the package rules.
   */
  public PackageReport verifyStoredPackage(AppVersion version) {
    return packages.verify(version);
  }

  /** The bytes of each of the pages' files in the version's package, for reviewers (no access check). */
  public java.util.Map<String, Long> pageSizesWithoutAccessCheck(long versionId, List<String> pages) {
    return packages.pageSizes(versionWithoutAccessCheck(versionId), pages);
  }

  /** What changed from one version's package to another's, for reviewers (no access check). */
  public PackageDiff diffWithoutAccessCheck(long baseVersionId, long versionId) {
    AppVersion base = versionWithoutAccessCheck(baseVersionId);
    AppVersion next = versionWithoutAccessCheck(versionId);
    return packages.diff(base, next);
  }
}
