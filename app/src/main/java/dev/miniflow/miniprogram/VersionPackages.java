package dev.miniflow.miniprogram;

import dev.miniflow.authorization.AccessPolicy;
import dev.miniflow.authorization.Scope;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import java.io.InputStream;
import org.semver4j.Semver;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A version's package: uploaded (checks cheapest first, nothing kept or recorded if any fails) and
 * downloaded (the upload scope, audited).
 */
@Service
public class VersionPackages {
  private final AppVersionRepository versions;
  private final MiniProgramService miniPrograms;
  private final Packages packages;
  private final AccessPolicy policy;
  private final AuditTrail audit;
  private final java.time.Clock clock;

  VersionPackages(AppVersionRepository versions, MiniProgramService miniPrograms, Packages packages,
      AccessPolicy policy, AuditTrail audit, java.time.Clock clock) {
    this.versions = versions;
    this.miniPrograms = miniPrograms;
    this.packages = packages;
    this.policy = policy;
    this.audit = audit;
    this.clock = clock;
  }

  /**
   * Uploads a new version. Checks run cheapest first; a package that fails any of them is deleted
   * and nothing is recorded.
   */
  @Transactional
  public AppVersion upload(long miniProgramId, String versionNumber, InputStream content) {
    MiniProgram program = miniPrograms.get(miniProgramId);
    String user = policy.require(program.workspaceId(), miniProgramId, Scope.UPLOAD);
    Semver semver = versionNumber == null ? null : Semver.parse(versionNumber.strip());
    if (semver == null) {
      throw Problems.unprocessable("Invalid version number",
          "'" + versionNumber + "' is not a semantic version such as 1.4.0.", "invalid-version");
    }
    versions.lockProgram(miniProgramId);
    for (AppVersion earlier : versions.findByMiniProgramIdOrderByIdDesc(miniProgramId)) {
      if (!semver.isGreaterThan(earlier.version())) {
        throw Problems.unprocessable("Version number not increasing",
            "Version " + semver + " must be greater than every version uploaded before; " + earlier.version()
                + " was already uploaded.",
            "version-not-increasing");
      }
    }
    Packages.Accepted accepted = packages.accept(content);
    PackageStore.Staged staged = accepted.staged();
    PackageStore.Location kept = packages.keep(staged, miniProgramId);
    AppVersion saved = versions.save(new AppVersion(null, miniProgramId, semver.getVersion(), kept.file(), kept.oid(),
        staged.bytes(), staged.sha256(), accepted.reportJson(), user, clock.instant()));
    audit.record(user, MiniProgramAudit.VERSION_UPLOADED, saved.id(), program.workspaceId(),
        program.name() + " " + saved.version() + " (" + staged.bytes() + " bytes, sha256 " + staged.sha256() + ")");
    return saved;
  }

  /**
   * The version's package for download: its contents are the mini program's code, so only those
   * who may upload to that mini program get them (the upload scope), and each download is audited.
   * Checked as {@link #openPackage} is; the caller closes it.
   */
  @Transactional
  PackageStore.Opened downloadPackage(AppVersion version) {
    MiniProgram program = miniPrograms.get(version.miniProgramId());
    String user = policy.require(program.workspaceId(), program.id(), Scope.UPLOAD);
    PackageStore.Opened opened = openPackage(version);
    audit.record(user, MiniProgramAudit.VERSION_DOWNLOADED, version.id(), program.workspaceId(),
        program.name() + " " + version.version());
    return opened;
  }

  /**
   * The package of a version read through {@link #version} (so after its access check), checked
   * against the version's SHA-256 before the caller sees a byte: a damaged package is an error,
   * never served. The caller closes it.
   */
  PackageStore.Opened openPackage(AppVersion version) {
    return packages.open(version);
  }
}
