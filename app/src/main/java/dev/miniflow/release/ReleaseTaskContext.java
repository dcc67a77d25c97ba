package dev.miniflow.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.miniprogram.AppVersion;
import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.tasklist.TaskContextProvider;
import dev.miniflow.tasklist.UserTask;
import dev.miniflow.miniprogram.PackageDiff;
import dev.miniflow.partner.ListingRules;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** What a reviewer sees of a release on its review task, and the release's rules for deciding. */
@Component
class ReleaseTaskContext implements TaskContextProvider {
  private final ReleaseQueries releases;
  private final LiveReleases liveReleases;
  private final MiniProgramService miniPrograms;
  private final TargetApps targetApps;
  private final ObjectMapper json;
  private final ReleaseProcess process;
  private final ReleaseNames names;

  ReleaseTaskContext(ReleaseQueries releases, LiveReleases liveReleases, MiniProgramService miniPrograms,
      TargetApps targetApps, ObjectMapper json, ReleaseProcess process, ReleaseNames names) {
    this.names = names;
    this.process = process;
    this.liveReleases = liveReleases;
    this.releases = releases;
    this.miniPrograms = miniPrograms;
    this.targetApps = targetApps;
    this.json = json;
  }

  @Override
  public boolean handles(String processId) {
    return ReleaseProcess.PROCESS_ID.equals(processId);
  }

  /** A review task is about a release of its instance that is under review; neither its requester nor the uploader decides it. */
  @Override
  public java.util.Optional<Binding> bind(long processInstanceKey, String businessKey) {
    if (businessKey == null || !businessKey.matches("\\d{1,18}")) {
      return java.util.Optional.empty();
    }
    return process.underReview(processInstanceKey, Long.parseLong(businessKey)).map(release -> {
      ReleaseNames.Names named = names.of(release);
      java.util.Set<String> excluded = new java.util.TreeSet<>(java.util.List.of(release.requestedBy()));
      if (named.uploadedBy() != null) {
        excluded.add(named.uploadedBy());
      }
      // what about(task) would read again: said here, where it is at hand
      return new Binding(release.workspaceId(), String.valueOf(release.id()), named.subject(release),
          release.requestedBy(), excluded, new About(named.miniProgram(), named.targetApp(),
              release.environment().name()));
    });
  }

  @Override
  public TaskContext describe(UserTask task) {
    Release release = releases.load(Long.parseLong(task.businessKey()));
    String kind = release.rollbackOf() == null ? "Release" : "Rollback of release " + release.rollbackOf();
    AppVersion version = miniPrograms.versionWithoutAccessCheck(release.versionId());
    MiniProgram program = miniPrograms.miniProgramWithoutAccessCheck(release.miniProgramId());
    var target = targetApps.get(release.targetAppId());
    String app = target.name();
    List<Section> sections = new ArrayList<>();
    sections.add(new Section("Rules of " + app, ListingRules.describe(target, releases.listingRules(release, target))));
    sections.addAll(changesAgainstLive(release));
    return new TaskContext(program.name() + " " + version.version() + " → " + app,
        List.of(
            new Fact("Mini program", program.name()),
            new Fact("Version", version.version()),
            new Fact("Target app", app),
            new Fact("Environment", release.environment().name()),
            new Fact("Kind", kind),
            new Fact("Requested by", release.requestedBy()),
            new Fact("Package", version.packageBytes() + " bytes, sha256 " + version.sha256()),
            new Fact("Status", release.status().name())),
        pretty(release.validationReport()),
        "/releases/" + release.id(), sections, reportTables(release, version, app,
            ListingRules.describe(target, releases.listingRules(release, target))));
  }

  /** The validation report as tables: the package's figures, its pages with their sizes, the target app's checks. */
  private List<Table> reportTables(Release release, AppVersion version, String app, List<String> rules) {
    if (release.validationReport() == null) {
      return List.of();
    }
    com.fasterxml.jackson.databind.JsonNode report;
    try {
      report = json.readTree(release.validationReport());
    } catch (Exception e) {
      return List.of();
    }
    com.fasterxml.jackson.databind.JsonNode pkg = report.path("package");
    List<Table> tables = new ArrayList<>();
    if (pkg.isObject()) {
      tables.add(new Table("Package", List.of("Figure", "Value"), List.of(
          List.of("Files", pkg.path("files").asText()),
          List.of("Total size", size(pkg.path("totalBytes").asLong())),
          List.of("Main package", size(pkg.path("mainBytes").asLong())),
          List.of("App name", pkg.path("appName").asText("—")),
          List.of("Sub-packages", join(pkg.path("subPackageRoots"))),
          List.of("Capabilities", join(pkg.path("capabilities"))),
          List.of("Request domains", join(pkg.path("requestDomains"))),
          List.of("Web-view domains", join(pkg.path("webViewDomains"))))));
      List<String> pages = new ArrayList<>();
      pkg.path("pages").forEach(p -> pages.add(p.asText()));
      if (!pages.isEmpty()) {
        Map<String, Long> sizes;
        try {
          sizes = miniPrograms.pageSizesWithoutAccessCheck(version.id(), pages);
        } catch (RuntimeException e) {
          sizes = Map.of();
        }
        List<List<String>> rows = new ArrayList<>();
        for (String page : pages) {
          Long bytes = sizes.get(page);
          rows.add(List.of(page, bytes == null ? "—" : size(bytes)));
        }
        tables.add(new Table("Pages", List.of("Page", "Size"), rows));
      }
    }
    boolean valid = report.path("valid").asBoolean(false);
    List<List<String>> checks = new ArrayList<>();
    checks.add(List.of("Package checks (size, files, manifest)", valid ? "passed" : "failed"));
    rules.forEach(rule -> checks.add(List.of(rule, valid ? "met" : "see report")));
    checks.add(List.of("Server domains listed for the mini program", valid ? "met" : "see report"));
    checks.add(List.of("Capabilities granted in " + app, valid ? "met" : "see report"));
    tables.add(new Table("Checks for " + app, List.of("Rule", "Result"), checks));
    return tables;
  }

  private static String size(long bytes) {
    return bytes < 1024 ? bytes + " B"
        : bytes < 1024 * 1024 ? String.format(java.util.Locale.ROOT, "%.1f KB", bytes / 1024.0)
            : String.format(java.util.Locale.ROOT, "%.2f MB", bytes / (1024.0 * 1024));
  }

  private static String join(com.fasterxml.jackson.databind.JsonNode list) {
    List<String> items = new ArrayList<>();
    list.forEach(i -> items.add(i.asText()));
    return items.isEmpty() ? "—" : String.join(", ", items);
  }

  @Override
  public About about(UserTask task) {
    Release release = releases.load(Long.parseLong(task.businessKey()));
    return new About(miniPrograms.miniProgramWithoutAccessCheck(release.miniProgramId()).name(),
        targetApps.get(release.targetAppId()).name(), release.environment().name());
  }

  /** The files and manifest keys that differ from the version live in the same app and environment. */
  private List<Section> changesAgainstLive(Release release) {
    var live = liveReleases.live(release.miniProgramId(), release.targetAppId(), release.environment())
        .filter(l -> !l.versionId().equals(release.versionId()));
    if (live.isEmpty()) {
      return List.of(new Section("Changes",
          List.of("Nothing is live in this app and environment yet: the whole package is new.")));
    }
    return changes(live.get().versionId(), release.versionId(), "against live version");
  }

  /** The files and manifest keys changed since the version of the rejected release. */
  @Override
  public List<Section> changesSince(UserTask task, String rejectedBusinessKey) {
    if (rejectedBusinessKey == null || !rejectedBusinessKey.matches("\\d{1,18}")) {
      return List.of();
    }
    Release release = releases.load(Long.parseLong(task.businessKey()));
    Release rejected = releases.load(Long.parseLong(rejectedBusinessKey));
    if (!rejected.workspaceId().equals(release.workspaceId())) {
      return List.of();
    }
    if (rejected.versionId().equals(release.versionId())) {
      return List.of(new Section("Changes since the rejection", List.of("The same version is asked for again.")));
    }
    return changes(rejected.versionId(), release.versionId(), "since rejected version");
  }

  /**
   * The files and manifest keys that differ from the base version, titled with how the base relates
   * (e.g. "against live version 1.0.0").
   */
  private List<Section> changes(long baseVersionId, long versionId, String relation) {
    try {
      PackageDiff diff = miniPrograms.diffWithoutAccessCheck(baseVersionId, versionId);
      String base = " " + relation + " " + diff.baseVersion();
      if (diff.empty()) {
        return List.of(new Section("Changes" + base, List.of("No file or manifest changes.")));
      }
      List<Section> sections = new ArrayList<>();
      sections.add(new Section("Files changed" + base, lines(diff)));
      if (!diff.manifestChanges().isEmpty()) {
        sections.add(new Section("app.json changes" + base, diff.manifestChanges()));
      }
      return sections;
    } catch (RuntimeException e) {
      return List.of(new Section("Changes", List.of("The packages could not be compared: " + e.getMessage())));
    }
  }

  private static List<String> lines(PackageDiff diff) {
    List<String> lines = new ArrayList<>();
    diff.added().forEach(f -> lines.add("+ " + f));
    diff.removed().forEach(f -> lines.add("− " + f));
    diff.changed().forEach(f -> lines.add("~ " + f));
    return lines;
  }

  @Override
  public void checkCompletion(UserTask task, Map<String, Object> values) {
    TaskContextProvider.requireCommentOnReject(values, "the requester");
  }

  private String pretty(String report) {
    if (report == null) {
      return null;
    }
    try {
      return json.writerWithDefaultPrettyPrinter().writeValueAsString(json.readTree(report));
    } catch (Exception e) {
      return report;
    }
  }
}
