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

  ReleaseTaskContext(ReleaseQueries releases, LiveReleases liveReleases, MiniProgramService miniPrograms,
      TargetApps targetApps, ObjectMapper json, ReleaseProcess process) {
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
      AppVersion version = miniPrograms.versionWithoutAccessCheck(release.versionId());
      MiniProgram program = miniPrograms.miniProgramWithoutAccessCheck(release.miniProgramId());
      String subject = Release.subject(release, program, version, targetApps.get(release.targetAppId()));
      java.util.Set<String> excluded = new java.util.TreeSet<>(java.util.List.of(release.requestedBy()));
      if (version.uploadedBy() != null) {
        excluded.add(version.uploadedBy());
      }
      return new Binding(release.workspaceId(), String.valueOf(release.id()), subject, release.requestedBy(), excluded);
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
        "/releases/" + release.id(), sections);
  }

  @Override
  public About about(UserTask task) {
    Release release = releases.load(Long.parseLong(task.businessKey()));
    return new About(miniPrograms.miniProgramWithoutAccessCheck(release.miniProgramId()).name(),
        targetApps.get(release.targetAppId()).name());
  }

  /** The files and manifest keys that differ from the version live in the same app and environment. */
  private List<Section> changesAgainstLive(Release release) {
    var live = liveReleases.live(release.miniProgramId(), release.targetAppId(), release.environment())
        .filter(l -> !l.versionId().equals(release.versionId()));
    if (live.isEmpty()) {
      return List.of(new Section("Changes",
          List.of("Nothing is live in this app and environment yet: the whole package is new.")));
    }
    try {
      PackageDiff diff = miniPrograms.diffWithoutAccessCheck(live.get().versionId(), release.versionId());
      String against = " against live version " + diff.baseVersion();
      if (diff.empty()) {
        return List.of(new Section("Changes" + against, List.of("No file or manifest changes.")));
      }
      List<Section> sections = new ArrayList<>();
      sections.add(new Section("Files changed" + against, lines(diff)));
      if (!diff.manifestChanges().isEmpty()) {
        sections.add(new Section("app.json changes" + against, diff.manifestChanges()));
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
