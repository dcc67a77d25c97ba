package dev.miniflow.release;

import dev.miniflow.support.AuditEvent;
import dev.miniflow.support.AuditTrail;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1")
class ReleaseApi {
  private final ReleaseService releases;
  private final ReleaseActions actions;
  private final ReleaseQueries queries;
  private final AuditTrail audit;

  ReleaseApi(ReleaseService releases, ReleaseActions actions, ReleaseQueries queries, AuditTrail audit) {
    this.releases = releases;
    this.actions = actions;
    this.queries = queries;
    this.audit = audit;
  }

  /** Either one {@code targetAppId} or several {@code targetAppIds}: each gets its own release. */
  record ReleaseRequest(@NotNull Long versionId, Long targetAppId, @Size(max = 10) List<Long> targetAppIds,
      @NotNull Environment environment) {
    List<Long> targets() {
      List<Long> all = new ArrayList<>();
      if (targetAppId != null) {
        all.add(targetAppId);
      }
      if (targetAppIds != null) {
        all.addAll(targetAppIds);
      }
      return all;
    }
  }

  @PostMapping("/releases")
  ResponseEntity<ReleaseService.Requested> request(@Valid @RequestBody ReleaseRequest body) {
    ReleaseService.Requested requested = releases.request(body.versionId(), body.targets(), body.environment());
    return ResponseEntity.created(URI.create("/api/v1/releases/" + requested.releases().getFirst().id()))
        .body(requested);
  }

  @GetMapping("/releases/{id}")
  Release get(@PathVariable long id) {
    return queries.get(id);
  }

  @GetMapping("/workspaces/{workspaceId}/releases")
  List<Release> ofWorkspace(@PathVariable long workspaceId) {
    return queries.ofWorkspace(workspaceId);
  }

  @GetMapping("/mini-programs/{miniProgramId}/releases")
  List<Release> ofMiniProgram(@PathVariable long miniProgramId) {
    return queries.ofMiniProgram(miniProgramId);
  }

  @GetMapping("/releases/{id}/audit")
  List<AuditEvent> auditTrail(@PathVariable long id) {
    queries.get(id);
    return audit.forSubject(Release.SUBJECT, id);
  }

  record Reason(@Size(max = 2000) String reason) {}

  @PostMapping("/releases/{id}/withdraw")
  Release withdraw(@PathVariable long id, @Valid @RequestBody(required = false) Reason body) {
    return actions.withdraw(id, body == null ? null : body.reason());
  }

  @PostMapping("/releases/{id}/cancel")
  Release cancel(@PathVariable long id, @Valid @RequestBody(required = false) Reason body) {
    return actions.cancel(id, body == null ? null : body.reason());
  }

  record Pilot(@NotNull @Size(max = 100) List<String> testers) {}

  @PostMapping("/releases/{id}/pilot")
  ResponseEntity<Release> pilot(@PathVariable long id, @Valid @RequestBody Pilot body) {
    return ResponseEntity.accepted().body(actions.pilot(id, body.testers()));
  }

  record Grayscale(@NotNull Integer percent) {}

  @PostMapping("/releases/{id}/grayscale")
  ResponseEntity<Release> grayscale(@PathVariable long id, @Valid @RequestBody Grayscale body) {
    return ResponseEntity.accepted().body(actions.grayscale(id, body.percent()));
  }

  @PostMapping("/releases/{id}/full")
  ResponseEntity<Release> full(@PathVariable long id) {
    return ResponseEntity.accepted().body(actions.releaseFully(id));
  }

  @PostMapping("/releases/{id}/rollback")
  ResponseEntity<ReleaseService.Requested> rollback(@PathVariable long id) {
    ReleaseService.Requested requested = releases.rollback(id);
    return ResponseEntity.created(URI.create("/api/v1/releases/" + requested.releases().getFirst().id()))
        .body(requested);
  }

}
