package dev.miniflow.authorization;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import java.util.Set;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class AccessApi {
  private final AccessRequests requests;
  private final AccessRevocation revocation;

  AccessApi(AccessRequests requests, AccessRevocation revocation) {
    this.requests = requests;
    this.revocation = revocation;
  }

  record AccessRequest(@NotNull @Size(min = 1, max = 4) Set<Scope> scopes, @NotNull Integer days,
      @NotNull @Size(max = 2000) String justification) {}

  /**
   * Asks for time-limited access to a mini program. Body: {"scopes": [UPLOAD, RELEASE, ANALYTICS, MEMBERS], "days",
   * "justification"}; for workspace developers and admins. The request goes to the mini program's admins for a
   * decision; 201 with the grant, pending until decided.
   */
  @PostMapping("/api/v1/mini-programs/{miniProgramId}/access-requests")
  ResponseEntity<AccessGrantView> request(@PathVariable long miniProgramId, @Valid @RequestBody AccessRequest body) {
    AccessGrant grant = requests.request(miniProgramId, body.scopes(), body.days(), body.justification());
    return ResponseEntity.created(URI.create("/api/v1/access-grants/" + grant.id())).body(AccessGrantView.of(grant));
  }

  /** Lists the access grants of a mini program. Pending, active and ended ones; for members of its workspace. */
  @GetMapping("/api/v1/mini-programs/{miniProgramId}/access-grants")
  List<AccessGrantView> list(@PathVariable long miniProgramId) {
    return requests.ofMiniProgram(miniProgramId).stream().map(AccessGrantView::of).toList();
  }

  /** Reads one access grant. For members of its workspace. */
  @GetMapping("/api/v1/access-grants/{id}")
  AccessGrantView get(@PathVariable long id) {
    return AccessGrantView.of(requests.get(id));
  }

  record Reason(@Size(max = 2000) String reason) {}

  /**
   * Revokes an access grant before it expires. Body (optional): {"reason"}; for those holding the members scope on
   * the mini program.
   */
  @PostMapping("/api/v1/access-grants/{id}/revoke")
  AccessGrantView revoke(@PathVariable long id, @Valid @RequestBody(required = false) Reason body) {
    return AccessGrantView.of(revocation.revoke(id, body == null ? null : body.reason()));
  }
}
