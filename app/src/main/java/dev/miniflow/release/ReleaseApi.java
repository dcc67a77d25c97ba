package dev.miniflow.release;

import dev.miniflow.support.AuditEvent;
import dev.miniflow.support.AuditTrail;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import java.net.URI;
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
  private final AuditTrail audit;

  ReleaseApi(ReleaseService releases, AuditTrail audit) {
    this.releases = releases;
    this.audit = audit;
  }

  record ReleaseRequest(@NotNull Long versionId, @NotNull Long targetAppId, @NotNull Environment environment) {}

  @PostMapping("/releases")
  ResponseEntity<Release> request(@Valid @RequestBody ReleaseRequest body) {
    Release release = releases.request(body.versionId(), body.targetAppId(), body.environment());
    return ResponseEntity.created(URI.create("/api/v1/releases/" + release.id())).body(release);
  }

  @GetMapping("/releases/{id}")
  Release get(@PathVariable long id) {
    return releases.get(id);
  }

  @GetMapping("/workspaces/{workspaceId}/releases")
  List<Release> ofWorkspace(@PathVariable long workspaceId) {
    return releases.ofWorkspace(workspaceId);
  }

  @GetMapping("/releases/{id}/audit")
  List<AuditEvent> auditTrail(@PathVariable long id) {
    releases.get(id);
    return audit.forSubject("release", id);
  }
}
