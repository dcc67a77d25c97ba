package dev.miniflow.release;

import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.requests.Request;
import dev.miniflow.requests.RequestSource;
import java.util.List;
import org.springframework.stereotype.Component;

/** The releases a person asked for, for My requests. */
@Component
class ReleaseRequests implements RequestSource {
  private final ReleaseRepository releases;
  private final MiniProgramService miniPrograms;
  private final TargetApps targetApps;

  ReleaseRequests(ReleaseRepository releases, MiniProgramService miniPrograms, TargetApps targetApps) {
    this.releases = releases;
    this.miniPrograms = miniPrograms;
    this.targetApps = targetApps;
  }

  @Override
  public List<Request> requestedBy(String username, List<Long> workspaceIds, int limit) {
    return releases.requestedBy(username, workspaceIds, limit).stream().map(release -> new Request(
        Request.Kind.RELEASE, release.id(), release.workspaceId(),
        Release.subject(release, miniPrograms.miniProgramWithoutAccessCheck(release.miniProgramId()),
            miniPrograms.versionWithoutAccessCheck(release.versionId()), targetApps.get(release.targetAppId())),
        release.status().name(), release.requestedAt(), ReleaseProcess.PROCESS_ID, "/releases/" + release.id(),
        ReleaseStatus.WITHDRAWABLE.contains(release.status()) ? "/api/v1/releases/" + release.id() + "/withdraw"
            : null))
        .toList();
  }
}
