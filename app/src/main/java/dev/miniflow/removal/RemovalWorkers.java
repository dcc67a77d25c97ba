package dev.miniflow.removal;

import dev.miniflow.engine.Jobs;
import static dev.miniflow.removal.RemovalProcess.*;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import org.springframework.stereotype.Component;

/** Thin job workers of bpmn/removal.bpmn and bpmn/force-removal.bpmn. */
@Component
public class RemovalWorkers {
  private final RemovalSteps removals;
  private final RemovalNotifications notifications;

  RemovalWorkers(RemovalSteps removals, RemovalNotifications notifications) {
    this.removals = removals;
    this.notifications = notifications;
  }

  /** Decisions are read from the completed review task, not from the job's variables. */
  @JobWorker(type = RECORD_DECISION, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_REMOVAL_ID)
  public void recordDecision(ActivatedJob job, @Variable(name = VAR_REMOVAL_ID) long removalId) {
    removals.recordDecision(job.getProcessInstanceKey(), removalId);
  }

  @JobWorker(type = TAKE_OFFLINE, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_REMOVAL_ID)
  public void takeOffline(ActivatedJob job, @Variable(name = VAR_REMOVAL_ID) long removalId) {
    removals.takeOffline(job.getProcessInstanceKey(), removalId);
  }

  @JobWorker(type = WARN_OWNERS, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_REMOVAL_ID)
  public void warnOwners(ActivatedJob job, @Variable(name = VAR_REMOVAL_ID) long removalId) {
    notifications.warnOwners(job.getProcessInstanceKey(), removalId);
  }

  @JobWorker(type = RECORD_RECTIFICATION_REVIEW, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_REMOVAL_ID)
  public void recordRectificationReview(ActivatedJob job, @Variable(name = VAR_REMOVAL_ID) long removalId) {
    removals.recordRectificationReview(job.getProcessInstanceKey(), removalId);
  }

  @JobWorker(type = NOTIFY, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_REMOVAL_ID)
  public void notifyConcerned(ActivatedJob job, @Variable(name = VAR_REMOVAL_ID) long removalId) {
    notifications.notifyConcerned(job.getProcessInstanceKey(), removalId);
  }

  @JobWorker(type = CLOSE_WITHDRAWN, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_REMOVAL_ID)
  public void closeWithdrawn(ActivatedJob job, @Variable(name = VAR_REMOVAL_ID) long removalId) {
    removals.closeWithdrawn(job.getProcessInstanceKey(), removalId);
    notifications.notifyConcerned(job.getProcessInstanceKey(), removalId);
  }
}
