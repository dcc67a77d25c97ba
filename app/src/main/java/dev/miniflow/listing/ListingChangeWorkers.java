package dev.miniflow.listing;

import static dev.miniflow.listing.ListingChangeProcess.NOTIFY;
import static dev.miniflow.listing.ListingChangeProcess.PUBLISH;
import static dev.miniflow.listing.ListingChangeProcess.RECORD_DECISION;
import static dev.miniflow.listing.ListingChangeProcess.VAR_CHANGE_ID;

import dev.miniflow.engine.Jobs;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import org.springframework.stereotype.Component;

/** Thin job workers of bpmn/listing-change.bpmn. */
@Component
public class ListingChangeWorkers {
  private final ListingChangeSteps steps;
  private final ListingChangeNotifications notifications;

  ListingChangeWorkers(ListingChangeSteps steps, ListingChangeNotifications notifications) {
    this.steps = steps;
    this.notifications = notifications;
  }

  /** The decision itself is read from the completed review task, not from the job's variables. */
  @JobWorker(type = RECORD_DECISION, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_CHANGE_ID)
  public void recordDecision(ActivatedJob job, @Variable(name = VAR_CHANGE_ID) long changeId) {
    steps.recordDecision(job.getProcessInstanceKey(), changeId);
  }

  @JobWorker(type = PUBLISH, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_CHANGE_ID)
  public void publish(ActivatedJob job, @Variable(name = VAR_CHANGE_ID) long changeId) {
    steps.publish(job.getProcessInstanceKey(), changeId);
  }

  @JobWorker(type = NOTIFY, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_CHANGE_ID)
  public void notifyRequester(ActivatedJob job, @Variable(name = VAR_CHANGE_ID) long changeId) {
    notifications.notifyRequester(job.getProcessInstanceKey(), changeId);
  }
}
