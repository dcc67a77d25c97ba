package dev.miniflow.release;

import dev.miniflow.tasklist.TaskResult;
import static dev.miniflow.release.ReleaseProcess.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.miniflow.partner.PartnerUnavailableException;
import dev.miniflow.testing.PathEngine;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.JobError;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The paths of bpmn/release.bpmn on the in-process engine, no Spring and no database: the test
 * plays the workers (with what ReleaseWorkers return or throw) and the reviewers (with what the
 * release-review form produces), and reads from the engine's records which way each release went.
 */
class ReleasePathTest {
  /** Element ids of release.bpmn. ReleaseProcess has none yet: fold them in there. */
  static final class Element {
    static final String REVIEW = "ReviewRelease";
    static final String RECORD_DECISION = "RecordDecision";
    static final String BUILD_BUNDLE = "BuildBundle";
    static final String NOTIFY_OPERATORS = "NotifyApproved";
    /** Where a release waits for its next rollout step: an operator's message or a phased release's timer. */
    static final String AWAIT_ROLLOUT = "AwaitRollout";
    static final String ADVANCE_PHASE = "AdvancePhase";
    static final String ROLL_OUT = "RollOut";
    static final String RECORD_PARTNER_REJECTION = "RecordPartnerRejection";
    static final String NOTIFY_RELEASED = "NotifyReleased";
    static final String NOTIFY_REJECTED = "NotifyRejected";
    static final String CLOSE_STOPPED = "CloseStopped";
    static final String RELEASED = "Released";
    static final String REJECTED = "Rejected";
    static final String STOPPED = "Stopped";
    static final String ALL_TARGETS_DONE = "AllTargetsDone";
    static final String REMIND_REVIEWERS = "RemindReviewers";
    static final String ESCALATE_REVIEW = "EscalateReview";
  }

  static final long WORKSPACE = 7;
  static final String REQUESTER = "developer";
  static final String REVIEWER = "reviewer";
  /** Release ids are correlation keys: each test has its own. */
  static final AtomicLong ids = new AtomicLong(1000);
  static PathEngine engine;

  @BeforeAll
  static void startEngine() {
    engine = PathEngine.start("release.bpmn");
  }

  @AfterAll
  static void stopEngine() {
    engine.close();
  }

  @Test
  void aReviewedReleaseWaitsForTheOperatorAndGoesLiveOnlyWhenTheFullStepIsApplied() {
    long release = ids.incrementAndGet();
    long instance = request(release);
    long pass = validate(instance, release, true, false);

    ActivatedJob task = engine.userTask(instance);
    assertThat(task.getElementId()).isEqualTo(Element.REVIEW);
    assertThat(task.getCustomHeaders().get("io.camunda.zeebe:candidateGroups")).contains("reviewers");
    assertThat(engine.form(task).path("id").asText()).isEqualTo("release-review");
    engine.decide(task, REVIEWER, Map.of(TaskResult.DECISION, DECISION_APPROVE, TaskResult.COMMENT, "fine"));
    engine.complete(instance, RECORD_DECISION);
    engine.complete(instance, PACKAGE);
    engine.complete(instance, NOTIFY);

    // approved and bundled: nothing is published until an operator asks
    assertThat(engine.active(pass)).containsExactly(Element.AWAIT_ROLLOUT);
    assertThat(engine.jobAvailable(instance, ROLL_OUT)).isFalse();

    engine.publish(MESSAGE_ROLLOUT, release); // pilot
    engine.complete(instance, ROLL_OUT, Map.of(VAR_RELEASED, false));
    // a pilot is not the full release: the release waits for the next step, and publishes nothing by itself
    assertThat(engine.active(pass)).containsExactly(Element.AWAIT_ROLLOUT);
    assertThat(engine.jobAvailable(instance, ROLL_OUT)).isFalse();

    engine.publish(MESSAGE_ROLLOUT, release); // full
    engine.complete(instance, ROLL_OUT, Map.of(VAR_RELEASED, true));
    engine.complete(instance, NOTIFY);

    engine.assertEndedAt(pass, Element.RELEASED);
    engine.assertPassed(pass, Element.REVIEW, Element.RECORD_DECISION, Element.BUILD_BUNDLE,
        Element.NOTIFY_OPERATORS, Element.ROLL_OUT, Element.ROLL_OUT, Element.NOTIFY_RELEASED);
    engine.assertNever(pass, Element.NOTIFY_REJECTED);
    engine.assertEndedAt(instance, Element.ALL_TARGETS_DONE);
  }

  /** The operator's message may come before the release waits for it (while the operators are told): it is kept. */
  @Test
  void aRolloutAskedForWhileTheOperatorsAreToldIsTakenWhenTheReleaseWaits() {
    long release = ids.incrementAndGet();
    long instance = request(release);
    long pass = validate(instance, release, false, false);
    engine.complete(instance, PACKAGE);
    engine.publish(MESSAGE_ROLLOUT, release); // before NotifyApproved completes
    engine.complete(instance, NOTIFY);
    engine.complete(instance, ROLL_OUT, Map.of(VAR_RELEASED, true));
    engine.complete(instance, NOTIFY);
    engine.assertEndedAt(pass, Element.RELEASED);
  }

  /** A phased release: the roll-out step says how long to wait; the timer then wakes the step that advances it. */
  @Test
  void aPhasedReleasesTimerWakesTheAdvanceStepWhichLeadsToTheNextPublication() {
    long release = ids.incrementAndGet();
    long instance = request(release);
    long pass = validate(instance, release, false, false);
    engine.complete(instance, PACKAGE);
    engine.complete(instance, NOTIFY);
    engine.publish(MESSAGE_ROLLOUT, release); // the plan's first step
    engine.complete(instance, ROLL_OUT, Map.of(VAR_RELEASED, false, VAR_PHASE_WAIT, "PT1H"));
    assertThat(engine.active(pass)).containsExactly(Element.AWAIT_ROLLOUT);

    engine.increaseTime(Duration.ofMinutes(59));
    assertThat(engine.jobAvailable(instance, ADVANCE_PHASE)).isFalse();
    engine.increaseTime(Duration.ofMinutes(2));
    engine.complete(instance, ADVANCE_PHASE);
    engine.complete(instance, ROLL_OUT, Map.of(VAR_RELEASED, true));
    engine.complete(instance, NOTIFY);
    engine.assertEndedAt(pass, Element.RELEASED);
    engine.assertPassed(pass, Element.ADVANCE_PHASE);
  }

  /** The SLA's timers count on the engine's clock from the review's start; the task stays decidable throughout. */
  @Test
  void anUndecidedReviewIsRemindedBeforeItsDueDateAndEscalatedAfterIt() {
    long release = ids.incrementAndGet();
    long instance = request(release);
    java.time.Instant validated = engine.now();
    long pass = validate(instance, release, true, false);
    ActivatedJob task = engine.userTask(instance);
    assertThat(java.time.Instant.parse(task.getCustomHeaders().get("io.camunda.zeebe:dueDate")))
        .isBetween(validated.plus(REVIEW_WITHIN).minusSeconds(5), engine.now().plus(REVIEW_WITHIN).plusSeconds(5));

    engine.increaseTime(REVIEW_WITHIN.minus(REMIND_BEFORE).minusMinutes(10));
    engine.assertNever(pass, Element.REMIND_REVIEWERS);
    engine.increaseTime(Duration.ofMinutes(11));
    engine.complete(instance, dev.miniflow.tasklist.sla.TaskSlaWorkers.REMIND);
    engine.assertNever(pass, Element.ESCALATE_REVIEW);
    engine.increaseTime(REMIND_BEFORE);
    engine.complete(instance, dev.miniflow.tasklist.sla.TaskSlaWorkers.ESCALATE);

    engine.decide(task, REVIEWER, Map.of(TaskResult.DECISION, DECISION_REJECT, TaskResult.COMMENT, "too late"));
    engine.complete(instance, RECORD_DECISION);
    engine.complete(instance, NOTIFY);
    org.awaitility.Awaitility.await().until(() -> engine.endEvents(pass).contains(Element.REJECTED));
    assertThat(engine.endEvents(pass)).containsExactlyInAnyOrder("Reminded", "ReviewEscalated", Element.REJECTED);
    engine.assertPassed(pass, Element.REMIND_REVIEWERS, Element.ESCALATE_REVIEW, Element.RECORD_DECISION);
  }

  @Test
  void aRejectedReleaseNeverReachesRollOutAndTheRequesterIsTold() {
    long release = ids.incrementAndGet();
    long instance = request(release);
    long pass = validate(instance, release, true, false);

    engine.decide(instance, REVIEWER,
        Map.of(TaskResult.DECISION, DECISION_REJECT, TaskResult.COMMENT, "the logo is blurred"));
    engine.complete(instance, RECORD_DECISION);
    engine.complete(instance, NOTIFY);

    engine.assertEndedAt(pass, Element.REJECTED);
    engine.assertPassed(pass, Element.REVIEW, Element.RECORD_DECISION, Element.NOTIFY_REJECTED);
    engine.assertNever(pass, Element.BUILD_BUNDLE, Element.ROLL_OUT, Element.NOTIFY_OPERATORS);
    engine.assertInstanceCompleted(instance);
    // an operator's late rollout request finds nothing to publish
    engine.publish(MESSAGE_ROLLOUT, release);
    engine.assertNever(pass, Element.ROLL_OUT);
  }

  @Test
  void aReleaseThatFailsValidationIsRejectedWithoutAReview() {
    long release = ids.incrementAndGet();
    long instance = request(release);
    ActivatedJob validate = engine.job(instance, VALIDATE);
    // as ReleaseWorkers.validate throws it
    engine.throwError(validate, ERROR_NOT_RELEASABLE,
        new ReleaseValidation.Outcome(false, true, false, "x", review()).variables());
    engine.complete(instance, NOTIFY);

    long pass = engine.scopeOf(validate);
    engine.assertEndedAt(pass, Element.REJECTED);
    engine.assertNever(pass, Element.REVIEW, Element.BUILD_BUNDLE, Element.ROLL_OUT);
  }

  @Test
  void aTestReleaseGoesLiveAtOnceWithoutReviewOrOperator() {
    long release = ids.incrementAndGet();
    long instance = request(release);
    long pass = validate(instance, release, false, true);
    engine.complete(instance, PACKAGE);
    engine.complete(instance, ROLL_OUT, Map.of(VAR_RELEASED, true)); // no rollout message needed
    engine.complete(instance, NOTIFY);

    engine.assertEndedAt(pass, Element.RELEASED);
    engine.assertPassed(pass, Element.BUILD_BUNDLE, Element.ROLL_OUT, Element.NOTIFY_RELEASED);
    engine.assertNever(pass, Element.REVIEW, Element.NOTIFY_OPERATORS, Element.AWAIT_ROLLOUT);
  }

  @Test
  void aSandboxReleaseWithoutReviewStillWaitsForTheOperator() {
    long release = ids.incrementAndGet();
    long instance = request(release);
    long pass = validate(instance, release, false, false);
    engine.complete(instance, PACKAGE);
    engine.complete(instance, NOTIFY);

    assertThat(engine.active(pass)).containsExactly(Element.AWAIT_ROLLOUT);
    engine.assertNever(pass, Element.REVIEW, Element.ROLL_OUT);
  }

  @Test
  void aPartnersFinalNoEndsTheReleaseRejectedWithTheirReason() {
    long release = ids.incrementAndGet();
    long instance = request(release);
    long pass = validate(instance, release, false, true);
    engine.complete(instance, PACKAGE);
    ActivatedJob rollOut = engine.job(instance, ROLL_OUT);
    // as ReleaseWorkers.rollOut throws it on a PartnerRejectedException
    engine.throwError(rollOut, ERROR_PARTNER_REJECTED, Map.of(VAR_PARTNER_REASON, "category not allowed"));
    engine.complete(instance, RECORD_PARTNER_REJECTION);
    engine.complete(instance, NOTIFY);

    engine.assertEndedAt(pass, Element.REJECTED);
    engine.assertPassed(pass, Element.RECORD_PARTNER_REJECTION, Element.NOTIFY_REJECTED);
    engine.assertNever(pass, Element.NOTIFY_RELEASED);
    assertThat(engine.variable(pass, VAR_PARTNER_REASON)).isEqualTo("\"category not allowed\"");
  }

  @Test
  void aPartnerThatIsDownIsAskedAgainAfterTheBackoffAndAnIncidentComesWhenRetriesRunOut() {
    Duration backoff = Duration.ofSeconds(5);
    long release = ids.incrementAndGet();
    long instance = request(release);
    long pass = validate(instance, release, false, true);
    engine.complete(instance, PACKAGE);

    ActivatedJob rollOut = engine.job(instance, ROLL_OUT);
    assertThat(rollOut.getRetries()).isEqualTo(5);
    fail(rollOut, ReleaseWorkers.partnerDown(rollOut.getRetries(), backoff, down()));
    assertThat(engine.jobAvailable(instance, ROLL_OUT)).as("asked again before the pause").isFalse();
    engine.increaseTime(backoff);
    rollOut = engine.job(instance, ROLL_OUT);
    assertThat(rollOut.getRetries()).isEqualTo(4);
    while (rollOut.getRetries() > 1) {
      JobError failure = ReleaseWorkers.partnerDown(rollOut.getRetries(), backoff, down());
      fail(rollOut, failure);
      engine.increaseTime(failure.getRetryBackoff());
      rollOut = engine.job(instance, ROLL_OUT);
    }
    fail(rollOut, ReleaseWorkers.partnerDown(rollOut.getRetries(), backoff, down()));

    // out of retries: an admin sees an incident; the release is neither released nor rejected
    assertThat(engine.incidents(instance)).singleElement().asString().startsWith(Element.ROLL_OUT + ": JOB_NO_RETRIES");
    assertThat(engine.endEvents(pass)).isEmpty();
    assertThat(engine.active(pass)).containsExactly(Element.ROLL_OUT);
  }

  @Test
  void aReleaseStoppedUnderReviewClosesItsTaskAndIsNeverPublished() {
    long release = ids.incrementAndGet();
    long instance = request(release);
    long pass = validate(instance, release, true, false);
    ActivatedJob task = engine.userTask(instance);

    engine.publish(MESSAGE_STOPPED, release); // withdrawn by the requester
    engine.complete(instance, CLOSE_STOPPED);

    engine.assertEndedAt(pass, Element.STOPPED);
    engine.assertNever(pass, Element.RECORD_DECISION, Element.BUILD_BUNDLE, Element.ROLL_OUT);
    // the reviewer's task is gone from the engine: a late decision is refused
    assertThatThrownBy(() -> engine.decide(task, REVIEWER, Map.of(TaskResult.DECISION, DECISION_APPROVE)))
        .hasMessageContaining("NOT_FOUND");
    engine.assertInstanceCompleted(instance);
  }

  @Test
  void aReleaseCanceledWhileWaitingForTheOperatorIsNeverPublished() {
    long release = ids.incrementAndGet();
    long instance = request(release);
    long pass = validate(instance, release, false, false);
    engine.complete(instance, PACKAGE);
    engine.complete(instance, NOTIFY);

    engine.publish(MESSAGE_STOPPED, release);
    engine.complete(instance, CLOSE_STOPPED);
    engine.publish(MESSAGE_ROLLOUT, release);

    engine.assertEndedAt(pass, Element.STOPPED);
    engine.assertNever(pass, Element.ROLL_OUT);
  }

  /** One request to two target apps: each app's release goes its own way, and stopping one leaves the other. */
  @Test
  void eachTargetAppsReleaseGoesItsOwnWay() {
    long reviewed = ids.incrementAndGet();
    long automatic = ids.incrementAndGet();
    long instance = request(reviewed, automatic);
    long reviewedPass = validate(instance, reviewed, true, false);
    long automaticPass = validate(instance, automatic, false, true);
    assertThat(reviewedPass).isNotEqualTo(automaticPass);

    engine.publish(MESSAGE_STOPPED, automatic + 1_000_000); // another release's stop changes nothing here
    engine.complete(instance, PACKAGE, forRelease(automatic));
    engine.complete(instance, ROLL_OUT, forRelease(automatic), Map.of(VAR_RELEASED, true));
    engine.complete(instance, NOTIFY, forRelease(automatic));
    engine.assertEndedAt(automaticPass, Element.RELEASED);
    engine.assertNever(automaticPass, Element.REVIEW);

    // the other app's release still waits for its reviewer; its withdrawal stops only it
    assertThat(engine.active(reviewedPass)).containsExactly(Element.REVIEW);
    engine.publish(MESSAGE_STOPPED, reviewed);
    engine.complete(instance, CLOSE_STOPPED, forRelease(reviewed));
    engine.assertEndedAt(reviewedPass, Element.STOPPED);
    engine.assertEndedAt(automaticPass, Element.RELEASED);
    engine.assertEndedAt(instance, Element.ALL_TARGETS_DONE);
  }

  // --- recovery: ReleaseService.on(EngineStartedEmpty) starts each release in flight again from the
  // top, alone, and asks again for a rollout an operator had asked for

  @Test
  void aRecoveredApprovedReleaseIsNotReviewedAgainAndGetsTheRolloutAskedForBeforeTheRestart() {
    long release = ids.incrementAndGet();
    long instance = request(release);
    engine.publish(MESSAGE_ROLLOUT, release); // sent right after the start, before the wait is reached
    // validation of a release decided before: APPROVED, so no review (ReleaseSteps.validate)
    long pass = validate(instance, release, false, false);
    engine.complete(instance, PACKAGE);
    engine.complete(instance, NOTIFY);

    engine.complete(instance, ROLL_OUT, Map.of(VAR_RELEASED, true));
    engine.complete(instance, NOTIFY);
    engine.assertEndedAt(pass, Element.RELEASED);
    engine.assertNever(pass, Element.REVIEW);
  }

  @Test
  void aRecoveredReleaseUnderReviewIsReviewedAgain() {
    long release = ids.incrementAndGet();
    long instance = request(release);
    long pass = validate(instance, release, true, false); // UNDER_REVIEW: reviewRequired again
    ActivatedJob task = engine.userTask(instance);
    assertThat(engine.scopeOf(task)).isEqualTo(pass);
    engine.decide(task, REVIEWER, Map.of(TaskResult.DECISION, DECISION_APPROVE));
    engine.complete(instance, RECORD_DECISION);
    engine.assertPassed(pass, Element.REVIEW, Element.RECORD_DECISION);
    assertThat(engine.job(instance, PACKAGE)).isNotNull();
  }

  /** Starts the process as ReleaseService does: one pass per release. */
  private static long request(long... releaseIds) {
    Map<String, Object> variables = new HashMap<>();
    variables.put(VAR_RELEASE_IDS, java.util.Arrays.stream(releaseIds).boxed().toList());
    variables.put(VAR_WORKSPACE_ID, WORKSPACE);
    variables.put(VAR_REQUESTER, REQUESTER);
    return engine.start(PROCESS_ID, variables);
  }

  /** Validates the release as ReleaseValidation does when it is valid; returns its target app's pass. */
  private static long validate(long instance, long release, boolean reviewRequired, boolean autoRelease) {
    ActivatedJob job = engine.job(instance, VALIDATE, forRelease(release));
    engine.complete(job,
        new ReleaseValidation.Outcome(true, reviewRequired, autoRelease, "Release " + release, review()).variables());
    return engine.scopeOf(job);
  }

  /** The review's SLA as ReleaseValidation computes it from the default settings. */
  static final java.time.Duration REVIEW_WITHIN = java.time.Duration.ofHours(48);
  static final java.time.Duration REMIND_BEFORE = java.time.Duration.ofHours(4);

  private static ReleaseValidation.Review review() {
    return ReleaseValidation.Review.of(new dev.miniflow.tasklist.sla.Sla(null, WORKSPACE, PROCESS_ID,
        ELEMENT_REVIEW, "", REVIEW_WITHIN, REMIND_BEFORE), engine.now(), engine.now());
  }

  private static java.util.function.Predicate<ActivatedJob> forRelease(long release) {
    return job -> job.getVariablesAsMap().get(VAR_RELEASE_ID) instanceof Number id && id.longValue() == release;
  }

  private static void fail(ActivatedJob job, JobError failure) {
    engine.fail(job, failure.getRetries(), failure.getRetryBackoff());
  }

  private static PartnerUnavailableException down() {
    return new PartnerUnavailableException("partner answered 503", null);
  }
}
