package dev.miniflow.removal;

import dev.miniflow.tasklist.TaskResult;
import static dev.miniflow.removal.RemovalProcess.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.miniflow.testing.PathEngine;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The paths of bpmn/removal.bpmn (an owner's request to take a mini program offline in one target
 * app) on the in-process engine, no Spring and no database: the test plays RemovalWorkers and the
 * reviewers (with what the removal-review form produces) and reads which way each removal went.
 */
class RemovalPathTest {
  /** Element ids of removal.bpmn that RemovalProcess has no constant for (fold them in there). */
  static final class Element {
    static final String REVIEW = "ReviewRemoval";
    static final String RECORD_DECISION = "RecordDecision";
    static final String NOTIFY_REMOVED = "NotifyRemoved";
    static final String NOTIFY_REFUSED = "NotifyRejected";
    static final String CLOSE_WITHDRAWN = "CloseWithdrawn";
    static final String REMOVED = "Removed";
    static final String REFUSED = "Refused";
    static final String WITHDRAWN = "WithdrawnEnd";
  }

  /** The removal-review form's options (RemovalSteps.recordDecision reads the same). */
  static final String APPROVE = "approve";
  static final String REJECT = "reject";
  static final String OWNER = "owner";
  static final String REVIEWER = "reviewer";
  /** Removal ids are correlation keys: each test has its own. */
  static final AtomicLong ids = new AtomicLong(2000);
  static PathEngine engine;

  @BeforeAll
  static void startEngine() {
    engine = PathEngine.start("removal.bpmn");
  }

  @AfterAll
  static void stopEngine() {
    engine.close();
  }

  @Test
  void anApprovedRemovalIsTakenOfflineAndEveryoneConcernedIsTold() {
    long removal = ids.incrementAndGet();
    long instance = request(removal);

    ActivatedJob task = engine.userTask(instance);
    assertThat(task.getElementId()).isEqualTo(Element.REVIEW);
    assertThat(task.getCustomHeaders().get("io.camunda.zeebe:candidateGroups")).contains("reviewers");
    assertThat(engine.form(task).path("id").asText()).isEqualTo("removal-review");
    engine.publish(MESSAGE_WITHDRAWN, removal + 1_000_000); // another removal's withdrawal changes nothing here
    engine.decide(task, REVIEWER, Map.of(TaskResult.DECISION, APPROVE, TaskResult.COMMENT, "agreed"));
    engine.complete(instance, RECORD_DECISION);
    engine.complete(instance, TAKE_OFFLINE);
    engine.complete(instance, NOTIFY);

    engine.assertEndedAt(instance, Element.REMOVED);
    engine.assertPassed(instance, Element.REVIEW, Element.RECORD_DECISION, ELEMENT_TAKE_OFFLINE,
        Element.NOTIFY_REMOVED);
    engine.assertNever(instance, Element.NOTIFY_REFUSED, Element.CLOSE_WITHDRAWN);
  }

  @Test
  void aRefusedRemovalLeavesTheProgramOnline() {
    long removal = ids.incrementAndGet();
    long instance = request(removal);
    engine.decide(instance, REVIEWER, Map.of(TaskResult.DECISION, REJECT, TaskResult.COMMENT, "the listing is fine"));
    engine.complete(instance, RECORD_DECISION);
    engine.complete(instance, NOTIFY);

    engine.assertEndedAt(instance, Element.REFUSED);
    engine.assertPassed(instance, Element.RECORD_DECISION, Element.NOTIFY_REFUSED);
    engine.assertNever(instance, ELEMENT_TAKE_OFFLINE);
  }

  @Test
  void aWithdrawnRemovalClosesItsReviewAndLeavesTheProgramOnline() {
    long removal = ids.incrementAndGet();
    long instance = request(removal);
    ActivatedJob task = engine.userTask(instance);

    engine.publish(MESSAGE_WITHDRAWN, removal);
    engine.complete(instance, CLOSE_WITHDRAWN);

    engine.assertEndedAt(instance, Element.WITHDRAWN);
    engine.assertNever(instance, Element.RECORD_DECISION, ELEMENT_TAKE_OFFLINE);
    // the review is gone from the engine: a late approval is refused
    assertThatThrownBy(() -> engine.decide(task, REVIEWER, Map.of(TaskResult.DECISION, APPROVE)))
        .hasMessageContaining("NOT_FOUND");
  }

  // --- recovery: RemovalRecovery starts a request again at the review, or at TakeOffline once approved

  @Test
  void aRemovalRecoveredBeforeItsDecisionIsReviewedAgain() {
    long removal = ids.incrementAndGet();
    long instance = engine.start(REMOVAL_ID, variables(removal)); // from == null: at the start
    engine.decide(instance, REVIEWER, Map.of(TaskResult.DECISION, APPROVE));
    engine.complete(instance, RECORD_DECISION);
    engine.complete(instance, TAKE_OFFLINE);
    engine.complete(instance, NOTIFY);
    engine.assertEndedAt(instance, Element.REMOVED);
  }

  @Test
  void aRemovalRecoveredAfterItsApprovalIsTakenOfflineWithoutAnotherReview() {
    long removal = ids.incrementAndGet();
    long instance = engine.startAt(REMOVAL_ID, ELEMENT_TAKE_OFFLINE, variables(removal));
    engine.complete(instance, TAKE_OFFLINE);
    engine.complete(instance, NOTIFY);

    engine.assertEndedAt(instance, Element.REMOVED);
    engine.assertNever(instance, Element.REVIEW, Element.RECORD_DECISION);
  }

  /** Starts the process as RemovalService.request does (RemovalRecovery passes the same variables). */
  private static long request(long removal) {
    return engine.start(REMOVAL_ID, variables(removal));
  }

  private static Map<String, Object> variables(long removal) {
    Removal requested = new Removal(removal, 7L, 70L, Removal.Kind.REQUESTED, Removal.Status.UNDER_REVIEW,
        List.of(700L), "Discontinued", OWNER, Instant.now(), null, null, null, null, null, null, null, null);
    return RemovalProcess.variables(requested, OWNER, "Remove Shop");
  }
}
