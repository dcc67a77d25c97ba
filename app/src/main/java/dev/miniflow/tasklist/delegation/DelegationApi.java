package dev.miniflow.tasklist.delegation;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Out of office over the API: set a delegate for a period, end it, hand held tasks over. */
@RestController
class DelegationApi {
  private final OutOfOffice outOfOffice;

  DelegationApi(OutOfOffice outOfOffice) {
    this.outOfOffice = outOfOffice;
  }

  /** Lists the caller's delegations. Those that have not ended, in all workspaces. */
  @GetMapping("/api/v1/me/delegations")
  List<Delegation> mine() {
    return outOfOffice.mine();
  }

  /**
   * Delegates the caller's tasks in a workspace while away. Body: {"delegate", "startsAt" (default now), "endsAt",
   * "processes" (none: all), "note"}; answers with warnings.
   */
  @PostMapping("/api/v1/workspaces/{workspaceId}/delegations")
  @ResponseStatus(HttpStatus.CREATED)
  OutOfOffice.Delegated set(@PathVariable("workspaceId") long ws, @RequestBody OutOfOffice.NewDelegation delegation) {
    return outOfOffice.set(ws, delegation);
  }

  /** Ends one of the caller's delegations now. */
  @PostMapping("/api/v1/me/delegations/{id}/end")
  Delegation end(@PathVariable long id) {
    return outOfOffice.end(id);
  }

  /**
   * Hands the caller's tasks over to the delegate. Every task the user holds in the delegation's workspace and
   * processes; a result per task.
   */
  @PostMapping("/api/v1/me/delegations/{id}/hand-over")
  List<OutOfOffice.HandedOver> handOver(@PathVariable long id) {
    return outOfOffice.handOver(id);
  }
}
