package dev.miniflow.capability;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.time.Instant;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** Target apps' capability catalogues, and the requests and grants of capabilities per mini program. */
@RestController
class CapabilityApi {
  private final CapabilityCatalogue catalogue;
  private final CapabilityRequests requests;
  private final CapabilityRevocation revocation;

  CapabilityApi(CapabilityCatalogue catalogue, CapabilityRequests requests, CapabilityRevocation revocation) {
    this.catalogue = catalogue;
    this.requests = requests;
    this.revocation = revocation;
  }

  record CapabilityView(long targetAppId, String code, String name, boolean reviewed) {
    static CapabilityView of(Capability c) {
      return new CapabilityView(c.targetAppId(), c.code(), c.name(), c.reviewed());
    }
  }

  record GrantView(long id, long miniProgramId, long targetAppId, String capability, CapabilityGrant.Status status,
      String justification, String useDescription, String requestedBy, Instant requestedAt, String decidedBy,
      String decisionComment, Instant decidedAt, String endedBy, Instant endedAt) {
    static GrantView of(CapabilityGrant g) {
      return new GrantView(g.id(), g.miniProgramId(), g.targetAppId(), g.capabilityCode(), g.status(),
          g.justification(), g.useDescription(), g.requestedBy(), g.requestedAt(), g.decidedBy(),
          g.decisionComment(), g.decidedAt(), g.endedBy(), g.endedAt());
    }
  }

  /**
   * Lists the capabilities a target app offers. The catalogue a mini program asks from; for members of its workspace.
   */
  @GetMapping("/api/v1/target-apps/{id}/capabilities")
  List<CapabilityView> catalogue(@PathVariable long id) {
    return catalogue.of(id).stream().map(CapabilityView::of).toList();
  }

  record CatalogueEntry(@NotNull @Size(max = 128) String name, boolean reviewed) {}

  /**
   * Adds or changes a capability in a target app's catalogue. Body: {"name", "reviewed"}: a reviewed capability is
   * granted only after a review. Workspace admins only.
   */
  @PutMapping("/api/v1/target-apps/{id}/capabilities/{code}")
  CapabilityView put(@PathVariable long id, @PathVariable String code, @Valid @RequestBody CatalogueEntry body) {
    return CapabilityView.of(catalogue.put(id, code, body.name(), body.reviewed()));
  }

  /** Removes a capability from a target app's catalogue. Workspace admins only. */
  @DeleteMapping("/api/v1/target-apps/{id}/capabilities/{code}")
  ResponseEntity<Void> remove(@PathVariable long id, @PathVariable String code) {
    catalogue.remove(id, code);
    return ResponseEntity.noContent().build();
  }

  /**
   * Lists a mini program's capability grants. Requested, granted, refused and ended ones; for members of its
   * workspace.
   */
  @GetMapping("/api/v1/mini-programs/{id}/capabilities")
  List<GrantView> grants(@PathVariable long id) {
    return requests.ofMiniProgram(id).stream().map(GrantView::of).toList();
  }

  record Ask(@NotNull Long targetAppId, @NotNull @Size(min = 1, max = 20) List<@Size(max = 64) String> capabilities,
      @NotNull @Size(max = 2000) String justification, @NotNull @Size(max = 2000) String useDescription) {}

  /**
   * Asks for capabilities of a target app for a mini program. Body: {"targetAppId", "capabilities", "justification",
   * "useDescription"}; needs the release scope on the mini program. Reviewed capabilities go to review, the others
   * are granted at once.
   */
  @PostMapping("/api/v1/mini-programs/{id}/capability-requests")
  ResponseEntity<List<GrantView>> request(@PathVariable long id, @Valid @RequestBody Ask body) {
    List<GrantView> asked = requests.request(id, body.targetAppId(), body.capabilities(), body.justification(),
        body.useDescription()).stream().map(GrantView::of).toList();
    return ResponseEntity.created(URI.create("/api/v1/mini-programs/" + id + "/capabilities")).body(asked);
  }

  record Reason(@Size(max = 2000) String reason) {}

  /** Revokes a capability grant. Body (optional): {"reason"}; workspace admins only. */
  @PostMapping("/api/v1/capability-grants/{id}/revoke")
  GrantView revoke(@PathVariable long id, @Valid @RequestBody(required = false) Reason body) {
    return GrantView.of(revocation.revoke(id, body == null ? null : body.reason()));
  }
}
