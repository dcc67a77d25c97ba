package dev.miniflow.removal;

import dev.miniflow.release.Environment;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.net.URI;
import java.util.List;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

@RestController
class RemovalApi {
  private final RemovalService removals;
  private final RemovalActions actions;
  private final RemovalQueries queries;

  RemovalApi(RemovalService removals, RemovalActions actions, RemovalQueries queries) {
    this.removals = removals;
    this.actions = actions;
    this.queries = queries;
  }

  record RemovalRequest(@NotNull Long miniProgramId, @NotNull Long targetAppId, @NotNull Environment environment,
      @Size(max = 2000) String reason) {}

  /**
   * Asks to take a mini program offline in a target app. Body: {"miniProgramId", "targetAppId", "environment",
   * "reason"}; needs the release scope. The removal is reviewed before the target app is told.
   */
  @PostMapping("/api/v1/removals")
  ResponseEntity<RemovalView> request(@Valid @RequestBody RemovalRequest body) {
    Removal removal = removals.request(body.miniProgramId(), body.targetAppId(), body.environment(), body.reason());
    return ResponseEntity.created(URI.create("/api/v1/removals/" + removal.id())).body(RemovalView.of(removal));
  }

  record Finding(@NotNull Long miniProgramId, @Size(max = 200) String rule, @Size(max = 4000) String evidence,
      Removal.Severity severity, @Size(max = 10) List<Long> targetAppIds) {}

  /**
   * Forces a mini program offline after a finding. Body: {"miniProgramId", "rule", "evidence", "severity",
   * "targetAppIds"}; inspectors only. The owners are asked to rectify.
   */
  @PostMapping("/api/v1/force-removals")
  ResponseEntity<RemovalView> force(@Valid @RequestBody Finding body) {
    Removal removal = removals.force(body.miniProgramId(), body.rule(), body.evidence(), body.severity(),
        body.targetAppIds());
    return ResponseEntity.created(URI.create("/api/v1/removals/" + removal.id())).body(RemovalView.of(removal));
  }

  /** Reads one removal. For members of its workspace. */
  @GetMapping("/api/v1/removals/{id}")
  RemovalView get(@PathVariable long id) {
    return RemovalView.of(queries.get(id));
  }

  /** Lists the removals of a mini program. For members of its workspace. */
  @GetMapping("/api/v1/mini-programs/{miniProgramId}/removals")
  List<RemovalView> ofMiniProgram(@PathVariable long miniProgramId) {
    return queries.ofMiniProgram(miniProgramId).stream().map(RemovalView::of).toList();
  }

  /** Withdraws a removal request still in review. For members of its workspace. */
  @PostMapping("/api/v1/removals/{id}/withdraw")
  RemovalView withdraw(@PathVariable long id) {
    return RemovalView.of(actions.withdraw(id));
  }

  record Rectification(@Size(max = 4000) String note) {}

  /**
   * Reports the rectification of a forced removal. Body: {"note"}: what was fixed; for those holding the members
   * scope on the mini program. An inspector then decides.
   */
  @PostMapping("/api/v1/removals/{id}/rectification")
  RemovalView rectify(@PathVariable long id, @Valid @RequestBody Rectification body) {
    return RemovalView.of(actions.rectify(id, body.note()));
  }
}
