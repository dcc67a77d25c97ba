package dev.miniflow.release;

import static dev.miniflow.release.ReleaseProcess.MESSAGE_ROLLOUT;
import static dev.miniflow.release.ReleaseProcess.MESSAGE_STOPPED;

import dev.miniflow.partner.PublicationRequest;
import dev.miniflow.partner.RolloutStage;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.support.Text;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.time.Duration;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Phased releases: an operator plans grayscale steps (1 → 5 → 20 → 50 → 100 %) with a dwell time
 * each; the release process's timer wakes {@link #advance} when a step is due, on the engine's
 * clock. Pause holds the plan where it is (its deadline still stands); resume starts the current
 * step's dwell again; the deadline (15 days unless planned otherwise) completes it to full; revert
 * stops the release and gives everyone the previous full release again through the connector.
 *
 * <p>The timer's duration is a process variable and so only a wake-up call: whether a step is
 * due is decided here, from the plan's row and the engine's time of the job.
 */
@Service
class PhasedReleases {
  static final int MAX_STEPS = 10;
  static final Duration DEFAULT_DEADLINE = Duration.ofDays(15);
  static final Duration MAX_DEADLINE = Duration.ofDays(30);
  static final Duration MIN_DWELL = Duration.ofMinutes(1);
  /** A timer may fire a little before the row's due date (it was set from the same clock a moment earlier). */
  private static final Duration DUE_TOLERANCE = Duration.ofSeconds(1);

  private final ReleaseRepository releases;
  private final PhasePlanStore plans;
  private final ReleaseProcess process;
  private final WorkspaceAccess access;
  private final TargetApps targetApps;
  private final AuditTrail audit;
  private final TransactionTemplate tx;

  PhasedReleases(ReleaseRepository releases, PhasePlanStore plans, ReleaseProcess process, WorkspaceAccess access,
      TargetApps targetApps, AuditTrail audit, TransactionTemplate tx) {
    this.releases = releases;
    this.plans = plans;
    this.process = process;
    this.access = access;
    this.targetApps = targetApps;
    this.audit = audit;
    this.tx = tx;
  }

  /** One step as asked for: a percentage and how long it stays before the next (ISO-8601, e.g. PT24H). */
  record StepRequest(Integer percent, String dwell) {}

  record PlanRequest(List<StepRequest> steps, String deadline) {}

  Optional<PhasePlan> plan(long releaseId) {
    Release release = find(releaseId);
    access.requireMember(release.workspaceId(), "Release " + releaseId);
    return plans.find(releaseId);
  }

  /** Plans a phased release of an approved release and asks for its first step at once. */
  @Transactional
  PhasePlan start(long releaseId, PlanRequest request) {
    Release release = find(releaseId);
    String user = requireOperator(release);
    if (request == null || request.steps() == null || request.steps().isEmpty()
        || request.steps().size() > MAX_STEPS) {
      throw Problems.invalid("Plan 1 to " + MAX_STEPS + " steps, each with a percentage and a dwell time.");
    }
    int current = release.grayscalePercent() == null ? 0 : release.grayscalePercent();
    List<Integer> percents = new ArrayList<>();
    List<Long> dwells = new ArrayList<>();
    for (StepRequest step : request.steps()) {
      if (step == null || step.percent() == null || step.percent() < 1 || step.percent() > 100) {
        throw Problems.invalid("Each step's percentage is between 1 and 100.");
      }
      int floor = percents.isEmpty() ? current : percents.getLast();
      if (step.percent() <= floor) {
        throw Problems.invalid("The percentage only rises: " + step.percent() + "% after " + floor + "%.");
      }
      if (!percents.isEmpty() && percents.getLast() == 100) {
        throw Problems.invalid("100% is the last step.");
      }
      // the 100% step is the full release: nothing follows it to wait for
      Duration dwell = step.percent() == 100 && (step.dwell() == null || step.dwell().isBlank()) ? Duration.ZERO
          : duration(step.dwell(), "dwell of the " + step.percent() + "% step", MIN_DWELL, MAX_DEADLINE);
      percents.add(step.percent());
      dwells.add(dwell.toSeconds());
    }
    Duration deadline = request.deadline() == null || request.deadline().isBlank() ? DEFAULT_DEADLINE
        : duration(request.deadline(), "deadline", Duration.ofHours(1), MAX_DEADLINE);
    if (plans.activeFor(release.miniProgramId(), release.targetAppId(), release.environment().name()).isPresent()) {
      throw Problems.conflict("This mini program already has a phased release here.");
    }
    if (!ReleaseStatus.ROLLOUT_FROM.contains(release.status()) || release.pendingStage() != null) {
      throw Problems.conflict("A phased release starts once the release is approved and before another rollout"
          + " step is on its way; this one is " + release.status() + ".");
    }
    if (!plans.insert(releaseId, release.workspaceId(), percents, dwells, deadline.toSeconds(), user)) {
      throw Problems.conflict("Release " + releaseId + " already has a phased release plan.");
    }
    requestStep(release, percents.getFirst());
    audit.record(user, ReleaseAudit.PHASED_STARTED, releaseId, release.workspaceId(),
        PhasePlan.describe(percents) + ", deadline " + deadline.toDays() + " days");
    process.tell(MESSAGE_ROLLOUT, releaseId);
    return plans.find(releaseId).orElseThrow();
  }

  @Transactional
  PhasePlan pause(long releaseId) {
    Release release = find(releaseId);
    String user = requireOperator(release);
    if (!plans.pause(releaseId, user)) {
      throw Problems.conflict("Only a running phased release can be paused; " + stateOf(releaseId) + ".");
    }
    audit.record(user, ReleaseAudit.PHASED_PAUSED, releaseId, release.workspaceId(), null);
    return plans.find(releaseId).orElseThrow();
  }

  /** The current step's dwell starts again, timed by the worker the message wakes. */
  @Transactional
  PhasePlan resume(long releaseId) {
    Release release = find(releaseId);
    String user = requireOperator(release);
    if (!plans.resume(releaseId)) {
      throw Problems.conflict("Only a paused phased release can be resumed; " + stateOf(releaseId) + ".");
    }
    audit.record(user, ReleaseAudit.PHASED_RESUMED, releaseId, release.workspaceId(), null);
    process.tell(MESSAGE_ROLLOUT, releaseId);
    return plans.find(releaseId).orElseThrow();
  }

  /** Stops the release; the stop step then gives everyone the previous full release again. */
  @Transactional
  PhasePlan revert(long releaseId, String reason) {
    Release release = find(releaseId);
    String user = requireOperator(release);
    String why = Text.prose(reason, "reason", 2000);
    if (why.isEmpty()) {
      throw Problems.invalid("A reason is required to revert a phased release.");
    }
    // the release row first, then the plan's: the order the workers lock them in
    if (releases.stop(releaseId, ReleaseStatus.names(ReleaseStatus.ROLLOUT_FROM), ReleaseStatus.CANCELED.name(),
        "Reverted: " + why) == 0) {
      throw Problems.conflict("Only a release still rolling out can be reverted; this one is "
          + find(releaseId).status() + ".");
    }
    if (!plans.revert(releaseId)) {
      throw Problems.conflict("Only a running or paused phased release can be reverted; " + stateOf(releaseId) + ".");
    }
    audit.record(user, ReleaseAudit.PHASED_REVERTED, releaseId, release.workspaceId(), why);
    process.tell(MESSAGE_STOPPED, releaseId);
    return plans.find(releaseId).orElseThrow();
  }

  /**
   * After a rollout step (RollOut worker): times the step just applied and returns how long the
   * process waits before {@link #advance} looks again, or empty when there is nothing to time
   * (no plan, paused, ended).
   */
  Optional<Duration> afterRollout(long instanceKey, long releaseId, Instant engineNow) {
    // most releases have no plan: no transaction and no row locks on the roll-out's path for them (a
    // plan is committed before its first roll-out, whose step waited for the release row)
    if (plans.find(releaseId).isEmpty()) {
      return Optional.empty();
    }
    return tx.execute(status -> {
      Release release = process.bound(instanceKey, releaseId);
      Optional<PhasePlan> found = plans.lock(releaseId);
      if (found.isPresent() && found.get().state().running()
          && (release.status() == ReleaseStatus.RELEASED || release.status().terminal())) {
        // released in full by hand, even while paused: the plan is done
        end(release, release.status() == ReleaseStatus.RELEASED ? PhasePlan.State.COMPLETED : PhasePlan.State.ENDED);
        return Optional.<Duration>empty();
      }
      if (found.isEmpty() || found.get().state() != PhasePlan.State.ACTIVE) {
        return Optional.<Duration>empty();
      }
      PhasePlan plan = found.get();
      boolean applied = release.pendingStage() == null && release.grayscalePercent() != null
          && java.util.Objects.equals(release.grayscalePercent(), plan.percents().get(plan.step()));
      Instant deadline = plan.deadlineAt() != null ? plan.deadlineAt() : engineNow.plus(plan.deadline());
      Instant due = plan.stepDueAt() != null ? plan.stepDueAt()
          : applied ? engineNow.plus(plan.dwells().get(plan.step())) : null;
      plans.time(releaseId, due, deadline);
      Instant next = due == null || deadline.isBefore(due) ? deadline : due;
      Duration wait = Duration.between(engineNow, next);
      return Optional.of(wait.compareTo(Duration.ofSeconds(1)) < 0 ? Duration.ofSeconds(1) : wait);
    });
  }

  /**
   * The plan's timer fired (AdvancePhase worker): asks for the next step when it is due by the
   * engine's clock, or for the full release once the last step's dwell or the deadline is over.
   * Nothing when the plan is paused or the timer fired early.
   */
  void advance(long instanceKey, long releaseId, Instant engineNow) {
    tx.executeWithoutResult(status -> {
      Release release = process.bound(instanceKey, releaseId);
      PhasePlan plan = plans.lock(releaseId).orElse(null);
      if (plan == null || plan.state() != PhasePlan.State.ACTIVE || !ReleaseStatus.ROLLOUT_FROM.contains(
          release.status()) || release.pendingStage() != null) {
        return;
      }
      Instant soon = engineNow.plus(DUE_TOLERANCE);
      boolean pastDeadline = plan.deadlineAt() != null && !plan.deadlineAt().isAfter(soon);
      boolean stepDue = plan.stepDueAt() != null && !plan.stepDueAt().isAfter(soon);
      if (!pastDeadline && !stepDue) {
        return;
      }
      int next = pastDeadline ? plan.percents().size() : plan.step() + 1;
      int percent = next < plan.percents().size() ? plan.percents().get(next) : 100;
      plans.advance(releaseId, Math.min(next, plan.percents().size() - 1));
      requestStep(release, percent);
      audit.record(AuditTrail.SYSTEM, ReleaseAudit.PHASED_ADVANCED, releaseId, release.workspaceId(),
          (pastDeadline ? "Deadline reached: " : "Next step: ") + percent + "%");
    });
  }

  /**
   * First in the stop step of a reverted phased release, outside a transaction: the previous full
   * release is published to everyone again (or, with none, the release is taken offline), once
   * (its own idempotency key, and {@code restored_at}). It waits for a publication of the reverted
   * release still on its way, so the partner applies the restore last.
   */
  void restorePrevious(long instanceKey, long releaseId) {
    // the release row first: its lock waits for the revert that told the process to commit, so the
    // plan read next is REVERTED (read before it, the plan could still look running)
    Release release = tx.execute(status -> process.bound(instanceKey, releaseId));
    PhasePlan plan = plans.find(releaseId).orElse(null);
    if (plan == null || plan.state() != PhasePlan.State.REVERTED || plan.restoredAt() != null) {
      return;
    }
    if (!Boolean.TRUE.equals(tx.execute(s -> releases.claimPublication(releaseId, release.lockVersion()) == 1))) {
      throw new PublicationInProgress(releaseId);
    }
    TargetApp app = targetApps.get(release.targetAppId());
    Optional<Release> previous = releases.findLatest(release.miniProgramId(), release.targetAppId(),
        release.environment().name(), ReleaseStatus.RELEASED.name());
    Release shown = previous.orElse(release);
    RolloutStage stage = previous.isPresent() ? RolloutStage.FULL : RolloutStage.OFFLINE;
    try {
      targetApps.publish(new PublicationRequest(app, PublicationKey.restoring(shown.id(), app.code(), stage,
          release.id()), shown.bundle(), shown.bundleSha256(), shown.bundleSignature(), stage, null, null));
    } finally {
      tx.executeWithoutResult(status -> releases.endPublication(releaseId));
    }
    tx.executeWithoutResult(status -> {
      if (plans.restored(release.id())) {
        audit.record(AuditTrail.SYSTEM, ReleaseAudit.PHASED_RESTORED, release.id(), release.workspaceId(),
            previous.map(p -> "Everyone sees release " + p.id() + " again in " + app.name())
                .orElse("Taken offline in " + app.name() + ": there was no earlier full release"));
      }
    });
  }

  /** In the stop step of any stopped release: a plan still running ends with it. */
  void endWithRelease(Release release) {
    plans.find(release.id()).filter(p -> p.state().running()).ifPresent(p -> end(release, PhasePlan.State.ENDED));
  }

  /** A plan ends with its release: completed when it went live in full, ended when it was stopped. */
  private void end(Release release, PhasePlan.State state) {
    if (plans.end(release.id(), state)) {
      audit.record(AuditTrail.SYSTEM, ReleaseAudit.PHASED_ENDED, release.id(), release.workspaceId(),
          state == PhasePlan.State.COMPLETED ? "Completed: the release is live for everyone"
              : "Ended: the release was stopped (" + release.status() + ")");
    }
  }

  private void requestStep(Release release, int percent) {
    RolloutStage stage = percent == 100 ? RolloutStage.FULL : RolloutStage.GRAYSCALE;
    if (releases.requestRollout(release.id(), stage.name(), percent == 100 ? null : percent, null,
        ReleaseStatus.names(ReleaseStatus.ROLLOUT_FROM)) == 0) {
      throw Problems.conflict("Release " + release.id() + " cannot roll out now; it is " + release.status() + ".");
    }
  }

  private String stateOf(long releaseId) {
    return plans.find(releaseId).map(p -> "this one is " + p.state()).orElse("this release has no phased plan");
  }

  private static Duration duration(String text, String name, Duration min, Duration max) {
    Duration value;
    try {
      value = Duration.parse(Text.name(text, name, 40));
    } catch (DateTimeParseException e) {
      throw Problems.invalid("The " + name + " is an ISO-8601 duration such as PT24H or P2D.");
    }
    if (value.compareTo(min) < 0 || value.compareTo(max) > 0) {
      throw Problems.invalid("The " + name + " is between " + min + " and " + max + " (it is " + value + ").");
    }
    return value;
  }

  /** For forms that parse what was typed first: the caller operates the release's workspace. */
  void requireOperator(long releaseId) {
    requireOperator(find(releaseId));
  }

  private String requireOperator(Release release) {
    return access.require(release.workspaceId(), "Release " + release.id(), Role.OPERATOR, Role.ADMIN);
  }

  private Release find(long releaseId) {
    return releases.findById(releaseId).orElseThrow(() -> Problems.notFound("Release " + releaseId));
  }
}
