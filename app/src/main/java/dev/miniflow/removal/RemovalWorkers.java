package dev.miniflow.removal;

import dev.miniflow.processes.Jobs;
import static dev.miniflow.removal.RemovalProcess.*;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import org.springframework.stereotype.Component;

/** Thin job workers of bpmn/removal.bpmn and bpmn/force-removal.bpmn. */
@Component
public class RemovalWorkers {
  private final RemovalService removals;

  RemovalWorkers(RemovalService removals) {
    this.removals = removals;
  }

  @JobWorker(type = RECORD_DECISION, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = {VAR_REMOVAL_ID, VAR_DECISION, VAR_COMMENT, VAR_COMPLETED_BY})
  public void recordDecision(@Variable(name = VAR_REMOVAL_ID) long removalId, @Variable(name = VAR_DECISION) String decision,
      @Variable(name = VAR_COMMENT, optional = true) String comment, @Variable(name = VAR_COMPLETED_BY) String by) {
    removals.recordDecision(removalId, decision, comment, by);
  }

  @JobWorker(type = TAKE_OFFLINE, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_REMOVAL_ID)
  public void takeOffline(@Variable(name = VAR_REMOVAL_ID) long removalId) {
    removals.takeOffline(removalId);
  }

  @JobWorker(type = WARN_OWNERS, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_REMOVAL_ID)
  public void warnOwners(@Variable(name = VAR_REMOVAL_ID) long removalId) {
    removals.warnOwners(removalId);
  }

  @JobWorker(type = RECORD_RECTIFICATION_REVIEW, timeout = Jobs.STEP_TIMEOUT_MS,
      fetchVariables = {VAR_REMOVAL_ID, VAR_DECISION, VAR_COMMENT, VAR_COMPLETED_BY})
  public void recordRectificationReview(@Variable(name = VAR_REMOVAL_ID) long removalId,
      @Variable(name = VAR_DECISION) String decision, @Variable(name = VAR_COMMENT, optional = true) String comment,
      @Variable(name = VAR_COMPLETED_BY) String by) {
    removals.recordRectificationReview(removalId, decision, comment, by);
  }

  @JobWorker(type = NOTIFY, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_REMOVAL_ID)
  public void notifyConcerned(@Variable(name = VAR_REMOVAL_ID) long removalId) {
    removals.notifyConcerned(removalId);
  }

  @JobWorker(type = CLOSE_WITHDRAWN, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_REMOVAL_ID)
  public void closeWithdrawn(@Variable(name = VAR_REMOVAL_ID) long removalId) {
    removals.closeWithdrawn(removalId);
  }
}
