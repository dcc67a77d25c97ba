package dev.miniflow.authorization;

import dev.miniflow.requests.Request;
import dev.miniflow.requests.RequestSource;
import java.util.List;
import org.springframework.stereotype.Component;

/** The access a person asked for, for My requests (a request is not withdrawn; it is decided or expires). */
@Component
class AccessRequestsOfUser implements RequestSource {
  private final AccessGrantRepository grants;
  private final MiniProgramDirectory miniPrograms;

  AccessRequestsOfUser(AccessGrantRepository grants, MiniProgramDirectory miniPrograms) {
    this.grants = grants;
    this.miniPrograms = miniPrograms;
  }

  @Override
  public List<Request> requestedBy(String username, List<Long> workspaceIds, int limit) {
    return grants.requestedBy(username, workspaceIds, limit).stream().map(grant -> new Request(Request.Kind.ACCESS,
        grant.id(), grant.workspaceId(),
        "Access to " + miniPrograms.find(grant.miniProgramId()).map(MiniProgramDirectory.Listing::name).orElse("?")
            + ": " + String.join(", ", grant.scopes()) + " for " + grant.days() + " days",
        grant.status().name(), grant.requestedAt(), AuthorizationProcess.PROCESS_ID,
        "/mini-programs/" + grant.miniProgramId() + "/access", null)).toList();
  }
}
