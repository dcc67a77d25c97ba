package dev.miniflow.requests;

import java.time.Instant;
import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.RestController;

/** My requests over the API: what the caller asked for, its status and next step. */
@RestController
class MyRequestsApi {
  private final MyRequests requests;

  MyRequestsApi(MyRequests requests) {
    this.requests = requests;
  }

  record RequestView(Request.Kind kind, long id, long workspaceId, String title, String status, Instant requestedAt,
      String nextStep, String heldBy, String page, String withdraw, List<MyRequests.CitedReason> rejectionReasons) {

    static RequestView of(MyRequests.MyRequest mine) {
      Request r = mine.request();
      return new RequestView(r.kind(), r.id(), r.workspaceId(), r.title(), r.status(), r.requestedAt(),
          mine.nextStep(), mine.heldBy(), r.page(), r.withdrawPath(), mine.rejectionReasons());
    }
  }

  /**
   * Lists everything the caller has asked for. In the workspaces they are still a member of, with the step each
   * waits at and who holds it.
   */
  @GetMapping("/api/v1/me/requests")
  List<RequestView> mine() {
    return requests.mine().stream().map(RequestView::of).toList();
  }
}
