package dev.miniflow.release;

import dev.miniflow.support.AuditEventView;
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
  private final ExpeditedReviews expedited;

  ReleaseApi(ReleaseService releases, ReleaseActions actions, ReleaseQueries queries, AuditTrail audit,
      ExpeditedReviews expedited) {
    this.expedited = expedited;
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

  /** What a request or rollback created: the instance that runs it and its releases, one per target app. */
  record RequestedView(long processInstanceKey, List<ReleaseView> releases) {
    static RequestedView of(ReleaseService.Requested requested) {
      return new RequestedView(requested.processInstanceKey(), ReleaseView.of(requested.releases()));
    }
  }

  /**
   * Asks to release a version to one or more target apps. Body: {"versionId", "targets": [targetAppId, ..],
   * "environment"}; needs the release scope on the mini program. One release per target app, each reviewed; 201 with
   * them.
   */
  @PostMapping("/releases")
  ResponseEntity<RequestedView> request(@Valid @RequestBody ReleaseRequest body) {
    ReleaseService.Requested requested = releases.request(body.versionId(), body.targets(), body.environment());
    return ResponseEntity.created(URI.create("/api/v1/releases/" + requested.releases().getFirst().id()))
        .body(RequestedView.of(requested));
  }

  /** Reads one release. Its status, target app, version and decisions; for members of its workspace. */
  @GetMapping("/releases/{id}")
  ReleaseView get(@PathVariable long id) {
    return ReleaseView.of(queries.get(id));
  }

  /** Lists the releases of a workspace. For its members. */
  @GetMapping("/workspaces/{workspaceId}/releases")
  List<ReleaseView> ofWorkspace(@PathVariable long workspaceId) {
    return ReleaseView.of(queries.ofWorkspace(workspaceId));
  }

  /** Lists the releases of a mini program. For members of its workspace. */
  @GetMapping("/mini-programs/{miniProgramId}/releases")
  List<ReleaseView> ofMiniProgram(@PathVariable long miniProgramId) {
    return ReleaseView.of(queries.ofMiniProgram(miniProgramId));
  }

  /** Reads a release's audit trail. Who did what to it, and when; for members of its workspace. */
  @GetMapping("/releases/{id}/audit")
  List<AuditEventView> auditTrail(@PathVariable long id) {
    queries.get(id);
    return audit.forSubject(Release.SUBJECT, id).stream().map(AuditEventView::of).toList();
  }

  record Reason(@Size(max = 2000) String reason) {}

  /**
   * Withdraws a release request still in review. Body (optional): {"reason"}; for members of its workspace, 409 once
   * it is decided.
   */
  @PostMapping("/releases/{id}/withdraw")
  ReleaseView withdraw(@PathVariable long id, @Valid @RequestBody(required = false) Reason body) {
    return ReleaseView.of(actions.withdraw(id, body == null ? null : body.reason()));
  }

  /** Cancels a release in flight. Body: {"reason"} (required); operators and admins. */
  @PostMapping("/releases/{id}/cancel")
  ReleaseView cancel(@PathVariable long id, @Valid @RequestBody(required = false) Reason body) {
    return ReleaseView.of(actions.cancel(id, body == null ? null : body.reason()));
  }

  record Pilot(@NotNull @Size(max = 100) List<String> testers) {}

  /**
   * Starts the pilot of an approved release. Body: {"testers": [..]}: only they see the version; 202, the target app
   * confirms. Operators and admins.
   */
  @PostMapping("/releases/{id}/pilot")
  ResponseEntity<ReleaseView> pilot(@PathVariable long id, @Valid @RequestBody Pilot body) {
    return ResponseEntity.accepted().body(ReleaseView.of(actions.pilot(id, body.testers())));
  }

  record Grayscale(@NotNull Integer percent) {}

  /**
   * Releases an approved version to a share of users. Body: {"percent"} (1–99); 202, the target app confirms.
   * Operators and admins.
   */
  @PostMapping("/releases/{id}/grayscale")
  ResponseEntity<ReleaseView> grayscale(@PathVariable long id, @Valid @RequestBody Grayscale body) {
    return ResponseEntity.accepted().body(ReleaseView.of(actions.grayscale(id, body.percent())));
  }

  record ExpediteRequest(String reason) {}

  /**
   * Asks for an urgent review of a release. The requester gives a reason (body {"reason"}): the review task comes
   * first and is due sooner. Counted against the workspace's monthly quota; refused (409) once it is used.
   */
  @PostMapping("/releases/{id}/expedite")
  ExpeditedReviews.Expedited expedite(@PathVariable long id, @RequestBody ExpediteRequest body) {
    return expedited.expedite(id, body.reason());
  }

  /**
   * Reads the workspace's quota of urgent reviews. How many it may ask for this month, how many are used, when it
   * resets.
   */
  @GetMapping("/workspaces/{workspaceId}/expedite-quota")
  ExpeditedReviews.Quota expediteQuota(@PathVariable long workspaceId) {
    return expedited.quota(workspaceId);
  }

  /** Lists what a live release can be rolled back to. The last five full releases before it, latest first. */
  @GetMapping("/releases/{id}/rollback-targets")
  List<ReleaseView> rollbackTargets(@PathVariable long id) {
    return releases.rollbackTargets(id).stream().map(ReleaseView::of).toList();
  }

  /** Releases an approved version to all users. 202, the target app confirms; operators and admins. */
  @PostMapping("/releases/{id}/full")
  ResponseEntity<ReleaseView> full(@PathVariable long id) {
    return ResponseEntity.accepted().body(ReleaseView.of(actions.releaseFully(id)));
  }

  record RollbackTo(Long toReleaseId) {}

  /**
   * Rolls a live release back to an earlier one. Body (optional): {"toReleaseId": 12}, one of the rollback targets;
   * without it, the full release just before. Needs the release scope.
   */
  @PostMapping("/releases/{id}/rollback")
  ResponseEntity<RequestedView> rollback(@PathVariable long id,
      @org.springframework.web.bind.annotation.RequestBody(required = false) RollbackTo body) {
    ReleaseService.Requested requested = releases.rollback(id, body == null ? null : body.toReleaseId());
    return ResponseEntity.created(URI.create("/api/v1/releases/" + requested.releases().getFirst().id()))
        .body(RequestedView.of(requested));
  }

}
