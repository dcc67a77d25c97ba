package dev.miniflow.capability;

import static dev.miniflow.capability.FeaturePermissionProcess.NOTIFY;
import static dev.miniflow.capability.FeaturePermissionProcess.RECORD_DECISION;
import static dev.miniflow.capability.FeaturePermissionProcess.VAR_GRANT_ID;

import dev.miniflow.engine.Jobs;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import org.springframework.stereotype.Component;

/** Thin job workers of bpmn/feature-permission.bpmn. */
@Component
public class FeaturePermissionWorkers {
  private final CapabilitySteps steps;

  FeaturePermissionWorkers(CapabilitySteps steps) {
    this.steps = steps;
  }

  /** The decision itself is read from the completed review task, not from the job's variables. */
  @JobWorker(type = RECORD_DECISION, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_GRANT_ID)
  public void recordDecision(ActivatedJob job, @Variable(name = VAR_GRANT_ID) long grantId) {
    steps.recordDecision(job.getProcessInstanceKey(), grantId);
  }

  @JobWorker(type = NOTIFY, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_GRANT_ID)
  public void notifyRequester(ActivatedJob job, @Variable(name = VAR_GRANT_ID) long grantId) {
    steps.notifyRequester(job.getProcessInstanceKey(), grantId);
  }
}
