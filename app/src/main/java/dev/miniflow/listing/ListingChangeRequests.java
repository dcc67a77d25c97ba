package dev.miniflow.listing;

import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.requests.Request;
import dev.miniflow.requests.RequestSource;
import java.util.List;
import org.springframework.stereotype.Component;

/** The listing changes a person made, for My requests. */
@Component
class ListingChangeRequests implements RequestSource {
  private final ListingChangeRepository changes;
  private final MiniProgramService miniPrograms;
  private final TargetApps targetApps;

  ListingChangeRequests(ListingChangeRepository changes, MiniProgramService miniPrograms, TargetApps targetApps) {
    this.changes = changes;
    this.miniPrograms = miniPrograms;
    this.targetApps = targetApps;
  }

  @Override
  public List<Request> requestedBy(String username, List<Long> workspaceIds, int limit) {
    return changes.requestedBy(username, workspaceIds, limit).stream().map(change -> new Request(
        Request.Kind.LISTING_CHANGE, change.id(), change.workspaceId(),
        "Listing of " + miniPrograms.miniProgramWithoutAccessCheck(change.miniProgramId()).name() + " in "
            + targetApps.get(change.targetAppId()).name(),
        change.status().name(), change.requestedAt(), ListingChangeProcess.PROCESS_ID,
        "/mini-programs/" + change.miniProgramId() + "/listing-changes",
        change.status() == ListingChange.Status.UNDER_REVIEW ? "/api/v1/listing-changes/" + change.id() + "/withdraw"
            : null))
        .toList();
  }
}
