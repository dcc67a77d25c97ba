package dev.miniflow.removal;

import dev.miniflow.tasklist.TaskResult;
import static dev.miniflow.removal.RemovalProcess.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.miniflow.testing.PathEngine;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The paths of bpmn/force-removal.bpmn (an inspector's finding) on the in-process engine, no
 * Spring and no database: the test plays RemovalWorkers, the owners' rectification (the message
 * RemovalService.rectify sends) and the inspectors (with what the rectification-review form
 * produces); the deadline runs on the engine's clock, moved by the test.
 */
class ForceRemovalPathTest {
  /** Element ids of force-removal.bpmn that RemovalProcess has no constant for (fold them in there). */
  static final class Element {
    static final String WARN_OWNERS = "WarnOwners";
    static final String WAIT = "Wait";
    static final String DEADLINE = "DeadlinePassed";
    static final String RECTIFICATION_SUBMITTED = "RectificationSubmitted";
    static final String RECORD_REVIEW = "RecordReview";
    static final String NOTIFY_RESOLVED = "NotifyResolved";
    static final String NOTIFY_REMOVED = "NotifyRemoved";
    static final String RESOLVED = "Resolved";
    static final String REMOVED = "Removed";
  }

  /** The rectification-review form's options (RemovalSteps.recordRectificationReview reads the same). */
  static final String ACCEPT = "accept";
  static final String REJECT = "reject";
  static final String INSPECTOR = "inspector";
  /** RemovalService's default (miniflow.removal.rectify-within). */
  static final Duration RECTIFY_WITHIN = Duration.ofDays(7);
  /** Removal ids are correlation keys: each test has its own. */
  static final AtomicLong ids = new AtomicLong(3000);
  static PathEngine engine;

  @BeforeAll
  static void startEngine() {
    engine = PathEngine.start("force-removal.bpmn");
  }

  @AfterAll
  static void stopEngine() {
    engine.close();
  }

  @Test
  void aSevereFindingTakesTheProgramOfflineAtOnceWithoutAWarning() {
    long finding = ids.incrementAndGet();
    long instance = engine.start(FORCE_REMOVAL_ID, finding(finding, true));
    engine.complete(instance, TAKE_OFFLINE);
    engine.complete(instance, NOTIFY);

    engine.assertEndedAt(instance, Element.REMOVED);
    engine.assertNever(instance, Element.WARN_OWNERS, ELEMENT_WAIT_JOIN);
  }

  @Test
  void anUnansweredFindingRemovesTheProgramAtItsDeadlineAndNotBefore() {
    long finding = ids.incrementAndGet();
    engine.increaseTime(Duration.ofDays(1)); // the engine's clock ahead of the JVM's: the deadline must follow the engine's
    long instance = engine.start(FORCE_REMOVAL_ID, finding(finding, false));
    Instant warned = engine.now();
    engine.complete(instance, WARN_OWNERS);

    // the deadline is computed by the engine, on its clock: rectifyWithin after the warning
    Instant deadline = engine.timerDue(instance, Element.DEADLINE);
    assertThat(deadline).isCloseTo(warned.plus(RECTIFY_WITHIN), within(30, ChronoUnit.SECONDS));
    engine.publish(MESSAGE_RECTIFIED, finding + 1_000_000); // another finding's rectification changes nothing here
    engine.increaseTime(Duration.between(engine.now(), deadline).minusHours(1));
    engine.assertNever(instance, ELEMENT_TAKE_OFFLINE, Element.RECTIFICATION_SUBMITTED);

    engine.increaseTime(Duration.ofHours(2));
    engine.complete(instance, TAKE_OFFLINE);
    engine.complete(instance, NOTIFY);
    engine.assertEndedAt(instance, Element.REMOVED);
    engine.assertPassed(instance, Element.WARN_OWNERS, Element.DEADLINE, ELEMENT_TAKE_OFFLINE, Element.NOTIFY_REMOVED);
  }

  @Test
  void anAcceptedRectificationClosesTheCaseAndTheDeadlineRemovesNothing() {
    long finding = ids.incrementAndGet();
    long instance = engine.start(FORCE_REMOVAL_ID, finding(finding, false));
    engine.complete(instance, WARN_OWNERS);

    engine.publish(MESSAGE_RECTIFIED, finding);
    ActivatedJob review = engine.userTask(instance);
    assertThat(review.getElementId()).isEqualTo(ELEMENT_REVIEW_RECTIFICATION);
    assertThat(review.getCustomHeaders().get("io.camunda.zeebe:candidateGroups")).contains("inspectors");
    assertThat(engine.form(review).path("id").asText()).isEqualTo("rectification-review");
    engine.decide(review, INSPECTOR, Map.of(TaskResult.DECISION, ACCEPT, TaskResult.COMMENT, "fixed"));
    engine.complete(instance, RECORD_RECTIFICATION_REVIEW);
    engine.complete(instance, NOTIFY);
    engine.assertEndedAt(instance, Element.RESOLVED);

    engine.increaseTime(RECTIFY_WITHIN.plusDays(1));
    engine.assertNever(instance, ELEMENT_TAKE_OFFLINE, Element.DEADLINE);
  }

  @Test
  void aRejectedRectificationLetsTheOriginalDeadlineRunOnAndTheOwnersMayTryAgain() {
    long finding = ids.incrementAndGet();
    long instance = engine.start(FORCE_REMOVAL_ID, finding(finding, false));
    engine.complete(instance, WARN_OWNERS);
    Instant deadline = engine.timerDue(instance, Element.DEADLINE);

    engine.increaseTime(Duration.ofDays(3));
    engine.publish(MESSAGE_RECTIFIED, finding);
    engine.decide(instance, INSPECTOR, Map.of(TaskResult.DECISION, REJECT, TaskResult.COMMENT, "still broken"));
    engine.complete(instance, RECORD_RECTIFICATION_REVIEW);

    // waiting again, for the same deadline: a rejected attempt does not buy the owners time
    assertThat(engine.active(instance)).containsExactly(Element.WAIT);
    assertThat(engine.timerDue(instance, Element.DEADLINE)).isEqualTo(deadline);
    engine.assertNever(instance, ELEMENT_TAKE_OFFLINE);

    engine.publish(MESSAGE_RECTIFIED, finding); // a second attempt is reviewed again
    engine.decide(instance, INSPECTOR, Map.of(TaskResult.DECISION, REJECT, TaskResult.COMMENT, "no"));
    engine.complete(instance, RECORD_RECTIFICATION_REVIEW);
    engine.increaseTime(Duration.between(engine.now(), deadline).plusMinutes(1));
    engine.complete(instance, TAKE_OFFLINE);
    engine.complete(instance, NOTIFY);
    engine.assertEndedAt(instance, Element.REMOVED);
    assertThat(engine.completed(instance).stream().filter(ELEMENT_REVIEW_RECTIFICATION::equals)).hasSize(2);
  }

  @Test
  void aRejectedRectificationWithRemoveNowTakesTheProgramOfflineAtOnce() {
    long finding = ids.incrementAndGet();
    long instance = engine.start(FORCE_REMOVAL_ID, finding(finding, false));
    engine.complete(instance, WARN_OWNERS);
    engine.publish(MESSAGE_RECTIFIED, finding);
    engine.decide(instance, INSPECTOR,
        Map.of(TaskResult.DECISION, REJECT, VAR_REMOVE_NOW, true, TaskResult.COMMENT, "worse"));
    engine.complete(instance, RECORD_RECTIFICATION_REVIEW);

    engine.complete(instance, TAKE_OFFLINE); // before the deadline
    engine.complete(instance, NOTIFY);
    engine.assertEndedAt(instance, Element.REMOVED);
    engine.assertNever(instance, Element.DEADLINE, Element.NOTIFY_RESOLVED);
  }

  // --- recovery: RemovalRecovery starts a finding again at WaitJoin with its original deadline, or at
  // ReviewRectification while a rectification waits for review

  @Test
  void aRecoveredFindingKeepsItsOriginalDeadlineAndTheOwnersAreNotWarnedAgain() {
    long finding = ids.incrementAndGet();
    Instant requested = engine.now().minus(Duration.ofDays(2));
    long instance = engine.startAt(FORCE_REMOVAL_ID, ELEMENT_WAIT_JOIN, recovered(finding, requested));

    Instant deadline = engine.timerDue(instance, Element.DEADLINE);
    assertThat(deadline).isCloseTo(requested.plus(RECTIFY_WITHIN), within(1, ChronoUnit.SECONDS));
    engine.increaseTime(Duration.ofDays(4));
    engine.assertNever(instance, ELEMENT_TAKE_OFFLINE);
    engine.increaseTime(Duration.ofDays(1).plusMinutes(1));
    engine.complete(instance, TAKE_OFFLINE);
    engine.complete(instance, NOTIFY);
    engine.assertEndedAt(instance, Element.REMOVED);
    engine.assertNever(instance, Element.WARN_OWNERS);
  }

  @Test
  void aSevereFindingRecoveredBeforeItWasOfflineIsTakenOfflineAtOnceNotGivenADeadline() {
    Removal severe = removal(ids.incrementAndGet(), engine.now().minus(Duration.ofMinutes(5)), Removal.Severity.SEVERE);
    long instance = engine.startAt(FORCE_REMOVAL_ID, RemovalRecovery.restartAt(severe), recovered(severe));
    engine.complete(instance, TAKE_OFFLINE);
    engine.complete(instance, NOTIFY);
    engine.assertEndedAt(instance, Element.REMOVED);
    engine.assertNever(instance, Element.WARN_OWNERS, Element.DEADLINE);
  }

  @Test
  void aRecoveredFindingWhoseDeadlinePassedDuringTheRestartIsRemovedAtOnce() {
    long finding = ids.incrementAndGet();
    Instant requested = engine.now().minus(RECTIFY_WITHIN).minusSeconds(60);
    long instance = engine.startAt(FORCE_REMOVAL_ID, ELEMENT_WAIT_JOIN, recovered(finding, requested));
    engine.complete(instance, TAKE_OFFLINE);
    engine.complete(instance, NOTIFY);
    engine.assertEndedAt(instance, Element.REMOVED);
  }

  @Test
  void aRecoveredFindingStillTakesTheOwnersRectification() {
    long finding = ids.incrementAndGet();
    long instance = engine.startAt(FORCE_REMOVAL_ID, ELEMENT_WAIT_JOIN, recovered(finding, engine.now()));
    engine.publish(MESSAGE_RECTIFIED, finding);
    engine.decide(instance, INSPECTOR, Map.of(TaskResult.DECISION, ACCEPT));
    engine.complete(instance, RECORD_RECTIFICATION_REVIEW);
    engine.complete(instance, NOTIFY);
    engine.assertEndedAt(instance, Element.RESOLVED);
  }

  @Test
  void aRecoveredRectificationIsReviewedAgainAndOnRejectionTheOriginalDeadlineRunsOn() {
    long finding = ids.incrementAndGet();
    Instant requested = engine.now().minus(Duration.ofDays(1));
    long instance = engine.startAt(FORCE_REMOVAL_ID, ELEMENT_REVIEW_RECTIFICATION, recovered(finding, requested));
    engine.decide(instance, INSPECTOR, Map.of(TaskResult.DECISION, REJECT));
    engine.complete(instance, RECORD_RECTIFICATION_REVIEW);

    assertThat(engine.timerDue(instance, Element.DEADLINE))
        .isCloseTo(requested.plus(RECTIFY_WITHIN), within(1, ChronoUnit.SECONDS));
    engine.increaseTime(RECTIFY_WITHIN);
    engine.complete(instance, TAKE_OFFLINE);
    engine.complete(instance, NOTIFY);
    engine.assertEndedAt(instance, Element.REMOVED);
    engine.assertNever(instance, Element.WARN_OWNERS);
  }

  /** Starts the process as NewRemovals.found does. */
  private static Map<String, Object> finding(long id, boolean severe) {
    return RemovalProcess.findingVariables(removal(id, engine.now(), Removal.Severity.MAJOR), INSPECTOR,
        "Finding on Shop: no privacy policy", severe, RECTIFY_WITHIN);
  }

  /** The variables RemovalRecovery starts a finding again with: its deadline from when it was recorded. */
  private static Map<String, Object> recovered(long id, Instant requestedAt) {
    return recovered(removal(id, requestedAt, Removal.Severity.MAJOR));
  }

  private static Map<String, Object> recovered(Removal finding) {
    Map<String, Object> variables = RemovalProcess.findingVariables(finding, finding.requestedBy(),
        "Finding on Shop: no privacy policy", finding.severity() == Removal.Severity.SEVERE, RECTIFY_WITHIN);
    variables.put(VAR_DEADLINE, finding.requestedAt().plus(RECTIFY_WITHIN).toString());
    return variables;
  }

  private static Removal removal(long id, Instant requestedAt, Removal.Severity severity) {
    return new Removal(id, 7L, 70L, Removal.Kind.FORCED, Removal.Status.WARNED, List.of(700L),
        "Rule broken: no privacy policy", INSPECTOR, requestedAt, null, null, "no privacy policy", "screenshot",
        severity, null, null, null);
  }
}
