package dev.miniflow.miniprogram;

import org.springframework.modulith.NamedInterface;
import dev.miniflow.support.DomainException;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.authorization.AccessPolicy;
import dev.miniflow.authorization.MiniProgramRole;
import dev.miniflow.authorization.Scope;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.support.Text;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.io.InputStream;
import java.util.List;
import org.semver4j.Semver;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Mini programs and their versions, with the hostile-package checks on every upload. */
@Service
@NamedInterface("api")
public class MiniProgramService {
  private final java.time.Clock clock;
  private final MiniProgramRepository programs;
  private final AppVersionRepository versions;
  private final PackageStore store;
  private final PackageInspector inspector;
  private final PackageLimits limits;
  private final WorkspaceAccess access;
  private final AuditTrail audit;
  private final ObjectMapper json;
  private final AccessPolicy policy;

  MiniProgramService(MiniProgramRepository programs, AppVersionRepository versions, PackageStore store,
      PackageInspector inspector, PackageLimits limits, WorkspaceAccess access, AuditTrail audit, ObjectMapper json,
      AccessPolicy policy, java.time.Clock clock) {
    this.policy = policy;
    this.clock = clock;
    this.programs = programs;
    this.versions = versions;
    this.store = store;
    this.inspector = inspector;
    this.limits = limits;
    this.access = access;
    this.audit = audit;
    this.json = json;
  }

  @Transactional
  public MiniProgram create(long workspaceId, String name, String description, String category) {
    String user = access.require(workspaceId, "Workspace " + workspaceId, Role.DEVELOPER, Role.ADMIN);
    String trimmed = Text.name(name, "name", 64);
    String about = Text.prose(description, "description", 400);
    String kind = category == null || category.isBlank() ? "" : Text.name(category, "category", 64);
    if (programs.existsByWorkspaceIdAndName(workspaceId, trimmed)) {
      throw Problems.conflict("A mini program named '" + trimmed + "' already exists in this workspace.");
    }
    MiniProgram saved = programs.save(new MiniProgram(null, workspaceId, trimmed, about, kind, user, clock.instant(),
        null, null, null, null));
    audit.record(user, MiniProgramAudit.CREATED, saved.id(), workspaceId, trimmed);
    policy.setRole(workspaceId, saved.id(), user, MiniProgramRole.ADMIN, user);
    return saved;
  }

  /** Changes what target apps list about the mini program. */
  @Transactional
  public MiniProgram updateProfile(long miniProgramId, String description, String category, String defaultLanguage) {
    MiniProgram program = get(miniProgramId);
    String user = policy.require(program.workspaceId(), miniProgramId, Scope.UPLOAD);
    if (description != null) {
      Text.prose(description, "description", 400);
    }
    if (category != null && !category.isBlank()) {
      Text.name(category, "category", 64);
    }
    if (defaultLanguage != null && !defaultLanguage.isBlank() && !defaultLanguage.strip().matches("[a-z]{2,3}(-[A-Za-z0-9]{2,8})*")) {
      throw Problems.invalid("The default language must be a language tag such as en or zh-CN.");
    }
    MiniProgram updated = programs.save(new MiniProgram(program.id(), program.workspaceId(), program.name(),
        description == null ? program.description() : description.strip(),
        category == null ? program.category() : category.strip(), program.createdBy(), program.createdAt(),
        defaultLanguage == null ? program.defaultLanguage() : blankToNull(defaultLanguage.strip()),
        program.logo(), program.logoWidth(), program.logoHeight()));
    audit.record(user, MiniProgramAudit.UPDATED, miniProgramId, program.workspaceId(),
        "description, category, default language");
    return updated;
  }

  /** Sets the logo: a PNG or JPEG image, read for its size without decoding it whole. */
  @Transactional
  public MiniProgram setLogo(long miniProgramId, InputStream content) {
    MiniProgram program = get(miniProgramId);
    String user = policy.require(program.workspaceId(), miniProgramId, Scope.UPLOAD);
    Logo logo = Logo.read(content);
    MiniProgram updated = programs.save(new MiniProgram(program.id(), program.workspaceId(), program.name(),
        program.description(), program.category(), program.createdBy(), program.createdAt(), program.defaultLanguage(),
        logo.bytes(), logo.width(), logo.height()));
    audit.record(user, MiniProgramAudit.LOGO_CHANGED, miniProgramId, program.workspaceId(),
        logo.width() + "×" + logo.height() + ", " + logo.bytes().length + " bytes");
    return updated;
  }

  public long countInWorkspace(long workspaceId) {
    return programs.countByWorkspaceId(workspaceId);
  }

  public long countVersions(long miniProgramId) {
    return versions.countByMiniProgramId(miniProgramId);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
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
   * Uploads a new version. Checks run cheapest first; a package that fails any of them is deleted
   * and nothing is recorded.
   */
  @Transactional
  public AppVersion upload(long miniProgramId, String versionNumber, InputStream content) {
    MiniProgram program = get(miniProgramId);
    String user = policy.require(program.workspaceId(), miniProgramId, Scope.UPLOAD);
    Semver semver = versionNumber == null ? null : Semver.parse(versionNumber.strip());
    if (semver == null) {
      throw Problems.unprocessable("Invalid version number",
          "'" + versionNumber + "' is not a semantic version such as 1.4.0.", "invalid-version");
    }
    programs.lockById(miniProgramId);
    for (AppVersion earlier : versions.findByMiniProgramIdOrderByIdDesc(miniProgramId)) {
      if (!semver.isGreaterThan(earlier.version())) {
        throw Problems.unprocessable("Version number not increasing",
            "Version " + semver + " must be greater than every version uploaded before; " + earlier.version()
                + " was already uploaded.", "version-not-increasing");
      }
    }
    PackageStore.Staged staged;
    try {
      staged = store.stage(content, limits.maxTotalBytes().toBytes());
    } catch (PackageStore.TooLarge e) {
      throw Problems.of(DomainException.Kind.TOO_LARGE, "Package too large",
          "The package is larger than " + limits.maxTotalBytes().toMegabytes() + " MB.", "package-too-large");
    }
    PackageReport report;
    try {
      report = inspector.inspect(staged.file());
    } catch (InvalidPackageException e) {
      store.deleteQuietly(staged.file());
      throw Problems.unprocessable("Package rejected: " + e.reason().title(), e.getMessage(),
          "package-" + e.reason().name().toLowerCase().replace('_', '-'));
    }
    PackageStore.Location kept = store.keep(staged, miniProgramId);
    AppVersion saved = versions.save(new AppVersion(null, miniProgramId, semver.getVersion(), kept.file(), kept.oid(),
        staged.bytes(), staged.sha256(), toJson(report), user, clock.instant()));
    audit.record(user, MiniProgramAudit.VERSION_UPLOADED, saved.id(), program.workspaceId(),
        program.name() + " " + saved.version() + " (" + staged.bytes() + " bytes, sha256 " + staged.sha256() + ")");
    return saved;
  }

  /**
   * Checks the stored package again before it is released: it must still be the bytes that were
   * uploaded and still pass the package rules.
   */
  public PackageReport verifyStoredPackage(long versionId) {
    AppVersion version = versionWithoutAccessCheck(versionId);
    try (PackageStore.Opened stored = store.open(version)) {
      return inspector.inspect(stored.file());
    }
  }

  /** What changed from one version's package to another's, for reviewers (no access check). */
  public PackageDiff diffWithoutAccessCheck(long baseVersionId, long versionId) {
    AppVersion base = versionWithoutAccessCheck(baseVersionId);
    AppVersion next = versionWithoutAccessCheck(versionId);
    try (PackageStore.Opened before = store.open(base); PackageStore.Opened after = store.open(next)) {
      return PackageDiff.between(base.version(), before.file(), after.file(), json);
    }
  }

  /**
   * The version's package for download: its contents are the mini program's code, so only those
   * who may upload to that mini program get them (the upload scope), and each download is audited.
   * Checked as {@link #openPackage} is; the caller closes it.
   */
  @Transactional
  PackageStore.Opened downloadPackage(AppVersion version) {
    MiniProgram program = get(version.miniProgramId());
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
    try {
      return store.open(version);
    } catch (PackageStore.Damaged e) {
      throw Problems.of(DomainException.Kind.BROKEN, "Stored package damaged", e.getMessage() + ".",
          "package-damaged");
    }
  }

  private String toJson(PackageReport report) {
    try {
      return json.writeValueAsString(report);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
