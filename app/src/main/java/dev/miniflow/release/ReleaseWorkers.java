package dev.miniflow.release;

import static dev.miniflow.release.ReleaseProcess.*;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.exception.CamundaError;
import org.springframework.stereotype.Component;

/** Thin job workers of bpmn/release.bpmn: each maps variables to one step of the release service. */
@Component
public class ReleaseWorkers {
  private final ReleaseService releases;

  ReleaseWorkers(ReleaseService releases) {
    this.releases = releases;
  }

  @JobWorker(type = VALIDATE_PACKAGE, fetchVariables = VAR_RELEASE_ID)
  public void validatePackage(@Variable(name = VAR_RELEASE_ID) long releaseId) {
    if (!releases.validate(releaseId)) {
      throw CamundaError.bpmnError(ERROR_PACKAGE_INVALID, "The package of release " + releaseId + " is invalid");
    }
  }

  @JobWorker(type = RECORD_DECISION, fetchVariables = {VAR_RELEASE_ID, VAR_DECISION, VAR_COMMENT, VAR_COMPLETED_BY})
  public void recordDecision(@Variable(name = VAR_RELEASE_ID) long releaseId,
      @Variable(name = VAR_DECISION) String decision,
      @Variable(name = VAR_COMMENT, optional = true) String comment,
      @Variable(name = VAR_COMPLETED_BY) String completedBy) {
    releases.recordDecision(releaseId, decision, comment, completedBy);
  }

  @JobWorker(type = PACKAGE, fetchVariables = VAR_RELEASE_ID)
  public void buildBundle(@Variable(name = VAR_RELEASE_ID) long releaseId) {
    releases.buildBundle(releaseId);
  }

  @JobWorker(type = PUBLISH, fetchVariables = VAR_RELEASE_ID)
  public void publish(@Variable(name = VAR_RELEASE_ID) long releaseId) {
    releases.publish(releaseId);
  }

  @JobWorker(type = NOTIFY, fetchVariables = VAR_RELEASE_ID)
  public void notifyRequester(@Variable(name = VAR_RELEASE_ID) long releaseId) {
    releases.notifyRequester(releaseId);
  }
}
