package dev.miniflow.removal;

import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.requests.Request;
import dev.miniflow.requests.RequestSource;
import java.util.List;
import org.springframework.stereotype.Component;

/** The removals a person asked for and the findings an inspector recorded, for My requests. */
@Component
class RemovalRequests implements RequestSource {
  private final RemovalRepository removals;
  private final MiniProgramService miniPrograms;

  RemovalRequests(RemovalRepository removals, MiniProgramService miniPrograms) {
    this.removals = removals;
    this.miniPrograms = miniPrograms;
  }

  @Override
  public List<Request> requestedBy(String username, List<Long> workspaceIds, int limit) {
    return removals.requestedBy(username, workspaceIds, limit).stream().map(removal -> {
      String name = miniPrograms.miniProgramWithoutAccessCheck(removal.miniProgramId()).name();
      boolean requested = removal.kind() == Removal.Kind.REQUESTED;
      return new Request(Request.Kind.REMOVAL, removal.id(), removal.workspaceId(),
          (requested ? "Removal of " : "Finding on ") + name, removal.status().name(), removal.requestedAt(),
          requested ? RemovalProcess.REMOVAL_ID : RemovalProcess.FORCE_REMOVAL_ID, "/removals/" + removal.id(),
          requested && removal.status() == Removal.Status.UNDER_REVIEW
              ? "/api/v1/removals/" + removal.id() + "/withdraw" : null);
    }).toList();
  }
}
