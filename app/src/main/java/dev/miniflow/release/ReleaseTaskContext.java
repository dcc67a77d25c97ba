package dev.miniflow.release;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.miniprogram.AppVersion;
import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.tasklist.TaskContextProvider;
import dev.miniflow.tasklist.UserTask;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Component;

/** What a reviewer sees of a release on its review task, and the release's rules for deciding. */
@Component
class ReleaseTaskContext implements TaskContextProvider {
  private final ReleaseService releases;
  private final MiniProgramService miniPrograms;
  private final TargetApps targetApps;
  private final ObjectMapper json;

  ReleaseTaskContext(ReleaseService releases, MiniProgramService miniPrograms, TargetApps targetApps,
      ObjectMapper json) {
    this.releases = releases;
    this.miniPrograms = miniPrograms;
    this.targetApps = targetApps;
    this.json = json;
  }

  @Override
  public boolean handles(String processId) {
    return ReleaseProcess.PROCESS_ID.equals(processId);
  }

  @Override
  public TaskContext describe(UserTask task) {
    Release release = releases.load(Long.parseLong(task.businessKey()));
    String kind = release.rollbackOf() == null ? "Release" : "Rollback of release " + release.rollbackOf();
    AppVersion version = miniPrograms.versionWithoutAccessCheck(release.versionId());
    MiniProgram program = miniPrograms.miniProgramWithoutAccessCheck(release.miniProgramId());
    String app = targetApps.get(release.targetAppId()).name();
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
        "/releases/" + release.id());
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
