package dev.miniflow.authorization;

import dev.miniflow.tasklist.TaskResult;
import static dev.miniflow.authorization.AuthorizationProcess.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import dev.miniflow.testing.PathEngine;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The paths of bpmn/authorization.bpmn on the in-process engine, no Spring and no database: the
 * test plays AuthorizationWorkers and the approvers (with what the access-review form produces);
 * the variables and timer durations are the ones AuthorizationProcess computes, on a clock that
 * follows the engine's, which the test moves.
 */
class AuthorizationPathTest {
  /** Element ids of authorization.bpmn that AuthorizationProcess has no constant for (fold them in there). */
  static final class Element {
    static final String REVIEW = "ReviewAccess";
    static final String ESCALATE = "Escalate";
    static final String ESCALATED = "Escalated";
    static final String RECORD_DECISION = "RecordDecision";
    static final String NOTIFY_GRANTED = "NotifyGranted";
    static final String REMIND_TIME = "RemindTime";
    static final String REMIND = "RemindExpiry";
    static final String EXPIRY_TIME = "ExpiryTime";
    static final String NOTIFY_EXPIRED = "NotifyExpired";
    static final String NOTIFY_REVOKED = "NotifyRevoked";
    static final String NOTIFY_REJECTED = "NotifyRejected";
    static final String EXPIRED = "Expired";
    static final String REVOKED = "RevokedEnd";
    static final String REJECTED = "Rejected";
  }

  /** The access-review form's options (AccessSteps.recordDecision reads the same). */
  static final String APPROVE = "approve";
  static final String REJECT = "reject";
  static final String DEVELOPER = "dev";
  static final String MP_ADMIN = "mp-admin";
  /** AuthorizationProcess's default (miniflow.grants.review-within). */
  static final Duration REVIEW_WITHIN = Duration.ofHours(48);
  /** Grant ids are correlation keys: each test has its own. */
  static final AtomicLong ids = new AtomicLong(4000);
  static PathEngine engine;
  static GrantSchedule schedule;

  @BeforeAll
  static void startEngine() {
    engine = PathEngine.start("authorization.bpmn");
    // the developer is a mini program admin too: never their own approver
    AccessPolicy policy = new AccessPolicy(null, null, null) {
      @Override
      public List<String> miniProgramAdmins(long miniProgramId) {
        return List.of(DEVELOPER, MP_ADMIN);
      }
    };
    Clock engineClock = new Clock() {
      @Override
      public Instant instant() {
        return engine.now();
      }

      @Override
      public ZoneId getZone() {
        return ZoneOffset.UTC;
      }

      @Override
      public Clock withZone(ZoneId zone) {
        return this;
      }
    };
    schedule = new GrantSchedule(policy, engineClock, new GrantSettings(REVIEW_WITHIN, 90));
  }

  @AfterAll
  static void stopEngine() {
    engine.close();
  }

  @Test
  void anApprovedGrantLastsItsPeriodWithAReminderThreeDaysBeforeItsEnd() {
    AccessGrant grant = requested(30, engine.now());
    long instance = engine.start(PROCESS_ID, schedule.variables(grant, "Shop"));

    ActivatedJob review = engine.userTask(instance);
    assertThat(review.getElementId()).isEqualTo(Element.REVIEW);
    assertThat(review.getCustomHeaders().get("io.camunda.zeebe:candidateUsers")).contains(MP_ADMIN)
        .doesNotContain(DEVELOPER);
    assertThat(review.getCustomHeaders().get("io.camunda.zeebe:candidateGroups")).contains("admins");
    assertThat(Instant.parse(review.getCustomHeaders().get("io.camunda.zeebe:dueDate")))
        .isCloseTo(grant.requestedAt().plus(REVIEW_WITHIN), within(1, ChronoUnit.SECONDS));
    assertThat(engine.form(review).path("id").asText()).isEqualTo("access-review");
    engine.decide(review, MP_ADMIN, Map.of(TaskResult.DECISION, APPROVE, TaskResult.COMMENT, "ok"));
    engine.complete(instance, RECORD_DECISION);
    Instant starts = engine.now();
    activate(instance, active(grant, starts));
    engine.complete(instance, NOTIFY);

    Instant remind = engine.timerDue(instance, Element.REMIND_TIME);
    assertThat(remind).isCloseTo(starts.plus(Duration.ofDays(27)), within(30, ChronoUnit.SECONDS));
    engine.increaseTime(Duration.between(engine.now(), remind).minusHours(1));
    engine.assertNever(instance, Element.REMIND);
    engine.increaseTime(Duration.ofHours(1).plusSeconds(1));
    engine.complete(instance, REMIND);
    // the end is counted from the reminder (a duration, on the engine's clock): on time when the reminder is
    assertThat(engine.timerDue(instance, Element.EXPIRY_TIME))
        .isCloseTo(starts.plus(Duration.ofDays(30)), within(30, ChronoUnit.SECONDS));
    engine.increaseTime(Duration.ofDays(3));
    engine.complete(instance, EXPIRE);
    engine.complete(instance, NOTIFY);

    engine.assertEndedAt(instance, Element.EXPIRED);
    engine.assertPassed(instance, Element.REVIEW, Element.RECORD_DECISION, ELEMENT_ACTIVATE, Element.NOTIFY_GRANTED,
        Element.REMIND, ELEMENT_GRANT_ACTIVE, ELEMENT_EXPIRE, Element.NOTIFY_EXPIRED);
    engine.assertNever(instance, Element.ESCALATE, Element.NOTIFY_REVOKED);
  }

  @Test
  void aRejectedRequestNeverBecomesAGrant() {
    AccessGrant grant = requested(10, engine.now());
    long instance = engine.start(PROCESS_ID, schedule.variables(grant, "Shop"));
    engine.decide(instance, MP_ADMIN, Map.of(TaskResult.DECISION, REJECT, TaskResult.COMMENT, "not needed"));
    engine.complete(instance, RECORD_DECISION);
    engine.complete(instance, NOTIFY);

    engine.assertEndedAt(instance, Element.REJECTED);
    engine.assertNever(instance, ELEMENT_ACTIVATE, ELEMENT_GRANT_ACTIVE);
  }

  @Test
  void aRequestNobodyDecidesInTimeIsEscalatedAndStillWaitsForItsReview() {
    AccessGrant grant = requested(10, engine.now());
    long instance = engine.start(PROCESS_ID, schedule.variables(grant, "Shop"));
    engine.userTask(instance);
    engine.increaseTime(REVIEW_WITHIN.minusHours(1));
    engine.assertNever(instance, Element.ESCALATE);

    engine.increaseTime(Duration.ofHours(2));
    engine.complete(instance, ESCALATE);
    // the escalation ends its own branch; the review goes on and can still be approved
    assertThat(engine.endEvents(instance)).containsExactly(Element.ESCALATED);
    assertThat(engine.active(instance)).containsExactly(Element.REVIEW);
    engine.decide(instance, "admin", Map.of(TaskResult.DECISION, APPROVE));
    engine.complete(instance, RECORD_DECISION);
    activate(instance, active(grant, engine.now()));
    engine.complete(instance, NOTIFY);
    assertThat(engine.active(instance)).containsExactly(ELEMENT_GRANT_ACTIVE, Element.REMIND_TIME);
    assertThat(engine.completed(instance).stream().filter(Element.ESCALATE::equals)).hasSize(1);
  }

  @Test
  void aRevokedGrantEndsAtOnceAndIsNeitherRemindedNorExpiredLater() {
    AccessGrant grant = requested(30, engine.now());
    long instance = approveAndActivate(grant);

    engine.publish(MESSAGE_REVOKED, grant.id());
    engine.complete(instance, NOTIFY, at(Element.NOTIFY_REVOKED));
    engine.assertEndedAt(instance, Element.REVOKED);

    engine.increaseTime(Duration.ofDays(31));
    engine.assertNever(instance, Element.REMIND, ELEMENT_EXPIRE);
  }

  /** Revoked between the decision and the start of its period: the message waits for the grant's wait. */
  @Test
  void aGrantRevokedBeforeItsPeriodStartsNeverBecomesActive() {
    AccessGrant grant = requested(30, engine.now());
    long instance = engine.start(PROCESS_ID, schedule.variables(grant, "Shop"));
    engine.decide(instance, MP_ADMIN, Map.of(TaskResult.DECISION, APPROVE));
    engine.complete(instance, RECORD_DECISION);

    engine.publish(MESSAGE_REVOKED, grant.id());
    activate(instance, grant); // a revoked grant is not activated: no period, timers of zero
    engine.complete(instance, NOTIFY, at(Element.NOTIFY_GRANTED));
    engine.complete(instance, NOTIFY, at(Element.NOTIFY_REVOKED));

    engine.assertEndedAt(instance, Element.REVOKED);
    engine.assertNever(instance, ELEMENT_EXPIRE);
  }

  @Test
  void aGrantOfLessThanThreeDaysIsRemindedAtOnceAndEndsAfterItsPeriod() {
    AccessGrant grant = requested(2, engine.now());
    long instance = engine.start(PROCESS_ID, schedule.variables(grant, "Shop"));
    engine.decide(instance, MP_ADMIN, Map.of(TaskResult.DECISION, APPROVE));
    engine.complete(instance, RECORD_DECISION);
    Instant starts = engine.now();
    activate(instance, active(grant, starts));
    engine.complete(instance, NOTIFY);

    engine.complete(instance, REMIND);
    assertThat(engine.timerDue(instance, Element.EXPIRY_TIME))
        .isCloseTo(starts.plus(Duration.ofDays(2)), within(30, ChronoUnit.SECONDS));
    engine.increaseTime(Duration.ofDays(2));
    engine.complete(instance, EXPIRE);
    engine.complete(instance, NOTIFY);
    engine.assertEndedAt(instance, Element.EXPIRED);
  }

  // --- recovery (AccessRecovery): a request is asked again with its original due date; an approved
  // grant starts before Activate; an active one at GrantActive with the time it has left; one whose
  // time ran out at Expire

  @Test
  void aRecoveredRequestKeepsItsDueDateAndIsEscalatedWhenItPasses() {
    AccessGrant grant = requested(10, engine.now().minus(REVIEW_WITHIN).plusSeconds(3600)); // an hour left
    long instance = engine.start(PROCESS_ID, schedule.variables(grant, "Shop")); // from == null

    ActivatedJob review = engine.userTask(instance);
    assertThat(Instant.parse(review.getCustomHeaders().get("io.camunda.zeebe:dueDate")))
        .isCloseTo(grant.requestedAt().plus(REVIEW_WITHIN), within(1, ChronoUnit.SECONDS));
    engine.increaseTime(Duration.ofMinutes(61));
    engine.complete(instance, ESCALATE);
    assertThat(engine.active(instance)).containsExactly(Element.REVIEW);
  }

  @Test
  void aRecoveredRequestPastItsDueDateIsEscalatedAtOnce() {
    AccessGrant grant = requested(10, engine.now().minus(REVIEW_WITHIN).minusSeconds(3600));
    long instance = engine.start(PROCESS_ID, schedule.variables(grant, "Shop"));
    engine.complete(instance, ESCALATE);
    assertThat(engine.active(instance)).containsExactly(Element.REVIEW);
  }

  @Test
  void aRecoveredApprovedGrantIsActivatedWithoutAnotherReview() {
    AccessGrant approved = approved(requested(20, engine.now().minus(Duration.ofHours(1))));
    long instance = engine.startAt(PROCESS_ID, ELEMENT_ACTIVATE, schedule.variables(approved, "Shop"));
    Instant starts = engine.now();
    activate(instance, active(approved, starts));
    engine.complete(instance, NOTIFY);

    assertThat(engine.timerDue(instance, Element.REMIND_TIME))
        .isCloseTo(starts.plus(Duration.ofDays(17)), within(30, ChronoUnit.SECONDS));
    engine.assertNever(instance, Element.REVIEW, Element.RECORD_DECISION);
  }

  @Test
  void aRecoveredActiveGrantKeepsTheTimeItHadLeftAndTheDeveloperIsNotToldAgain() {
    Instant starts = engine.now().minus(Duration.ofDays(20));
    AccessGrant grant = active(requested(30, starts), starts); // 10 days left
    Map<String, Object> variables = new java.util.HashMap<>(schedule.variables(grant, "Shop"));
    variables.putAll(schedule.timers(grant));
    long instance = engine.startAt(PROCESS_ID, ELEMENT_GRANT_ACTIVE, variables);

    assertThat(engine.timerDue(instance, Element.REMIND_TIME))
        .isCloseTo(grant.expiresAt().minus(Duration.ofDays(3)), within(30, ChronoUnit.SECONDS));
    engine.increaseTime(Duration.ofDays(7));
    engine.complete(instance, REMIND);
    assertThat(engine.timerDue(instance, Element.EXPIRY_TIME))
        .isCloseTo(grant.expiresAt(), within(30, ChronoUnit.SECONDS));
    engine.increaseTime(Duration.ofDays(3));
    engine.complete(instance, EXPIRE);
    engine.complete(instance, NOTIFY);
    engine.assertEndedAt(instance, Element.EXPIRED);
    engine.assertNever(instance, Element.REVIEW, ELEMENT_ACTIVATE, Element.NOTIFY_GRANTED);
  }

  @Test
  void aRecoveredActiveGrantCanStillBeRevoked() {
    Instant starts = engine.now().minus(Duration.ofDays(1));
    AccessGrant grant = active(requested(30, starts), starts);
    Map<String, Object> variables = new java.util.HashMap<>(schedule.variables(grant, "Shop"));
    variables.putAll(schedule.timers(grant));
    long instance = engine.startAt(PROCESS_ID, ELEMENT_GRANT_ACTIVE, variables);

    engine.publish(MESSAGE_REVOKED, grant.id());
    engine.complete(instance, NOTIFY, at(Element.NOTIFY_REVOKED));
    engine.assertEndedAt(instance, Element.REVOKED);
  }

  @Test
  void aRecoveredGrantWhoseTimeRanOutEndsAtOnce() {
    Instant starts = engine.now().minus(Duration.ofDays(31));
    AccessGrant grant = active(requested(30, starts), starts);
    long instance = engine.startAt(PROCESS_ID, ELEMENT_EXPIRE, schedule.variables(grant, "Shop"));
    engine.complete(instance, EXPIRE);
    engine.complete(instance, NOTIFY);
    engine.assertEndedAt(instance, Element.EXPIRED);
    engine.assertNever(instance, ELEMENT_GRANT_ACTIVE, Element.REMIND);
  }

  /** Approves the request and starts its period now. */
  private static long approveAndActivate(AccessGrant grant) {
    long instance = engine.start(PROCESS_ID, schedule.variables(grant, "Shop"));
    engine.decide(instance, MP_ADMIN, Map.of(TaskResult.DECISION, APPROVE));
    engine.complete(instance, RECORD_DECISION);
    activate(instance, active(grant, engine.now()));
    engine.complete(instance, NOTIFY, at(Element.NOTIFY_GRANTED));
    assertThat(engine.active(instance)).contains(ELEMENT_GRANT_ACTIVE);
    return instance;
  }

  /** The activate job, completed as AccessSteps.activate returns: the timers of the grant as it now is. */
  private static void activate(long instance, AccessGrant grant) {
    engine.complete(instance, ACTIVATE, schedule.timers(grant));
  }

  private static Predicate<ActivatedJob> at(String elementId) {
    return job -> job.getElementId().equals(engine.known(elementId));
  }

  private static AccessGrant requested(int days, Instant requestedAt) {
    return new AccessGrant(ids.incrementAndGet(), 7L, 70L, DEVELOPER, List.of("upload"), days, "to fix a bug",
        GrantStatus.REQUESTED, requestedAt, null, null, null, null, null, null, null, null);
  }

  private static AccessGrant approved(AccessGrant g) {
    return new AccessGrant(g.id(), g.workspaceId(), g.miniProgramId(), g.grantee(), g.scopes(), g.days(),
        g.justification(), GrantStatus.ACTIVE, g.requestedAt(), MP_ADMIN, null, g.requestedAt(), null, null, null, null,
        null);
  }

  /** The grant as AccessSteps.activate leaves it: active from {@code starts} for its days. */
  private static AccessGrant active(AccessGrant g, Instant starts) {
    return new AccessGrant(g.id(), g.workspaceId(), g.miniProgramId(), g.grantee(), g.scopes(), g.days(),
        g.justification(), GrantStatus.ACTIVE, g.requestedAt(), MP_ADMIN, null, g.requestedAt(), starts,
        starts.plus(Duration.ofDays(g.days())), null, null, null);
  }
}
