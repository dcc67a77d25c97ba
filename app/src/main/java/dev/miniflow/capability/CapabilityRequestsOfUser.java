package dev.miniflow.capability;

import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.requests.Request;
import dev.miniflow.requests.RequestSource;
import java.util.List;
import org.springframework.stereotype.Component;

/** The capabilities a person asked for, for My requests. */
@Component
class CapabilityRequestsOfUser implements RequestSource {
  private final CapabilityGrantRepository grants;
  private final MiniProgramService miniPrograms;
  private final TargetApps targetApps;

  CapabilityRequestsOfUser(CapabilityGrantRepository grants, MiniProgramService miniPrograms, TargetApps targetApps) {
    this.grants = grants;
    this.miniPrograms = miniPrograms;
    this.targetApps = targetApps;
  }

  @Override
  public List<Request> requestedBy(String username, List<Long> workspaceIds, int limit) {
    return grants.requestedBy(username, workspaceIds, limit).stream().map(grant -> new Request(
        Request.Kind.CAPABILITY, grant.id(), grant.workspaceId(),
        NewCapabilityRequests.subject(grant, miniPrograms.miniProgramWithoutAccessCheck(grant.miniProgramId()).name(),
            targetApps.get(grant.targetAppId()).name()),
        grant.status().name(), grant.requestedAt(), FeaturePermissionProcess.PROCESS_ID,
        "/mini-programs/" + grant.miniProgramId() + "/capabilities", null)).toList();
  }
}
