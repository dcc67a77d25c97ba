package dev.miniflow.release;

import java.net.URI;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.stream.IntStream;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

/** Phased releases over REST: plan, read, pause, resume, revert. */
@RestController
@RequestMapping("/api/v1/releases/{id}/phased-plan")
class PhasedReleaseApi {
  private final PhasedReleases phased;

  PhasedReleaseApi(PhasedReleases phased) {
    this.phased = phased;
  }

  /** One planned step; {@code reached} once the rollout asked for it. */
  record StepView(int percent, Duration dwell, boolean reached) {}

  record PlanView(long releaseId, PhasePlan.State state, List<StepView> steps, int currentPercent,
      Duration deadline, Instant nextStepDueAt, Instant deadlineAt, String createdBy, Instant createdAt,
      String pausedBy, Instant pausedAt, Instant endedAt, Instant restoredAt) {
    static PlanView of(PhasePlan plan) {
      return new PlanView(plan.releaseId(), plan.state(), IntStream.range(0, plan.percents().size())
          .mapToObj(i -> new StepView(plan.percents().get(i), plan.dwells().get(i), i <= plan.step())).toList(),
          plan.currentPercent(), plan.deadline(), plan.state() == PhasePlan.State.ACTIVE ? plan.stepDueAt() : null,
          plan.deadlineAt(), plan.createdBy(), plan.createdAt(), plan.pausedBy(),
          plan.state() == PhasePlan.State.PAUSED ? plan.pausedAt() : null, plan.endedAt(), plan.restoredAt());
    }
  }

  record RevertRequest(String reason) {}

  /**
   * Reads a release's phased plan. The plan, or 204 No Content for a release without one; for members of its
   * workspace.
   */
  @GetMapping
  ResponseEntity<PlanView> plan(@PathVariable long id) {
    return phased.plan(id).map(PlanView::of).map(ResponseEntity::ok)
        .orElseGet(() -> ResponseEntity.noContent().build());
  }

  /**
   * Starts a phased release plan. Body: {"steps": [{"percent": 1, "dwell": "PT24H"}, …, {"percent": 100}],
   * "deadline": "P15D"}. The first step is asked for at once; after the last step's dwell (or at the deadline) the
   * release goes to everyone. Operators and admins.
   */
  @PostMapping
  ResponseEntity<PlanView> start(@PathVariable long id, @RequestBody PhasedReleases.PlanRequest body) {
    return ResponseEntity.created(URI.create("/api/v1/releases/" + id + "/phased-plan"))
        .body(PlanView.of(phased.start(id, body)));
  }

  /** Pauses a phased release at its current step. Operators and admins. */
  @PostMapping("/pause")
  PlanView pause(@PathVariable long id) {
    return PlanView.of(phased.pause(id));
  }

  /** Resumes a paused phased release. Operators and admins. */
  @PostMapping("/resume")
  PlanView resume(@PathVariable long id) {
    return PlanView.of(phased.resume(id));
  }

  /**
   * Reverts a phased release. Body: {"reason"}. The release stops and everyone sees the previous full release again;
   * operators and admins.
   */
  @PostMapping("/revert")
  PlanView revert(@PathVariable long id, @RequestBody RevertRequest body) {
    return PlanView.of(phased.revert(id, body.reason()));
  }
}
