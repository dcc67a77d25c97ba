package dev.miniflow.release;

import static dev.miniflow.release.ReleaseProcess.*;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.exception.CamundaError;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Thin job workers of bpmn/release.bpmn: each maps variables to one release step. */
@Component
public class ReleaseWorkers {
  private final ReleaseSteps steps;

  ReleaseWorkers(ReleaseSteps steps) {
    this.steps = steps;
  }

  @JobWorker(type = VALIDATE, fetchVariables = VAR_RELEASE_ID)
  public Map<String, Object> validate(@Variable(name = VAR_RELEASE_ID) long releaseId) {
    ReleaseSteps.Validation validation = steps.validate(releaseId);
    if (!validation.valid()) {
      throw CamundaError.bpmnError(ERROR_NOT_RELEASABLE, "Release " + releaseId + " cannot be released",
          validation.variables());
    }
    return validation.variables();
  }

  @JobWorker(type = RECORD_DECISION, fetchVariables = {VAR_RELEASE_ID, VAR_DECISION, VAR_COMMENT, VAR_COMPLETED_BY})
  public void recordDecision(@Variable(name = VAR_RELEASE_ID) long releaseId,
      @Variable(name = VAR_DECISION) String decision,
      @Variable(name = VAR_COMMENT, optional = true) String comment,
      @Variable(name = VAR_COMPLETED_BY) String completedBy) {
    steps.recordDecision(releaseId, decision, comment, completedBy);
  }

  @JobWorker(type = PACKAGE, fetchVariables = VAR_RELEASE_ID)
  public void buildBundle(@Variable(name = VAR_RELEASE_ID) long releaseId) {
    steps.buildBundle(releaseId);
  }

  @JobWorker(type = ROLL_OUT, fetchVariables = VAR_RELEASE_ID)
  public Map<String, Object> rollOut(@Variable(name = VAR_RELEASE_ID) long releaseId) {
    return Map.of(VAR_RELEASED, steps.rollOut(releaseId));
  }

  @JobWorker(type = NOTIFY, fetchVariables = VAR_RELEASE_ID)
  public void notifyStatus(@Variable(name = VAR_RELEASE_ID) long releaseId) {
    steps.notifyStatus(releaseId);
  }

  @JobWorker(type = CLOSE_STOPPED, fetchVariables = VAR_RELEASE_ID)
  public void closeStopped(@Variable(name = VAR_RELEASE_ID) long releaseId) {
    steps.closeStopped(releaseId);
  }
}
