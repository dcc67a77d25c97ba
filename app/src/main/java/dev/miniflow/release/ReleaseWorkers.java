package dev.miniflow.release;

import dev.miniflow.processes.Jobs;
import static dev.miniflow.release.ReleaseProcess.*;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.exception.CamundaError;
import dev.miniflow.partner.PartnerRejectedException;
import dev.miniflow.partner.PartnerUnavailableException;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Duration;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/** Thin job workers of bpmn/release.bpmn: each maps variables to one release step. */
@Component
public class ReleaseWorkers {
  private final ReleaseSteps steps;
  private final Duration backoff;

  ReleaseWorkers(ReleaseSteps steps, @Value("${miniflow.partner.retry-backoff:PT5S}") Duration backoff) {
    this.steps = steps;
    this.backoff = backoff;
  }

  @JobWorker(type = VALIDATE, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_RELEASE_ID)
  public Map<String, Object> validate(@Variable(name = VAR_RELEASE_ID) long releaseId) {
    ReleaseSteps.Validation validation = steps.validate(releaseId);
    if (!validation.valid()) {
      throw CamundaError.bpmnError(ERROR_NOT_RELEASABLE, "Release " + releaseId + " cannot be released",
          validation.variables());
    }
    return validation.variables();
  }

  @JobWorker(type = RECORD_DECISION, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = {VAR_RELEASE_ID, VAR_DECISION, VAR_COMMENT, VAR_COMPLETED_BY})
  public void recordDecision(@Variable(name = VAR_RELEASE_ID) long releaseId,
      @Variable(name = VAR_DECISION) String decision,
      @Variable(name = VAR_COMMENT, optional = true) String comment,
      @Variable(name = VAR_COMPLETED_BY) String completedBy) {
    steps.recordDecision(releaseId, decision, comment, completedBy);
  }

  @JobWorker(type = PACKAGE, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_RELEASE_ID)
  public void buildBundle(@Variable(name = VAR_RELEASE_ID) long releaseId) {
    steps.buildBundle(releaseId);
  }

  /**
   * A partner that is down is retried with growing pauses until the job's retries run out (then an
   * admin sees an incident); a partner's final "no" ends this target's flow as rejected.
   */
  @JobWorker(type = ROLL_OUT, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_RELEASE_ID)
  public Map<String, Object> rollOut(ActivatedJob job, @Variable(name = VAR_RELEASE_ID) long releaseId) {
    try {
      return Map.of(VAR_RELEASED, steps.rollOut(releaseId));
    } catch (PartnerUnavailableException e) {
      int retriesLeft = Math.max(job.getRetries() - 1, 0);
      throw CamundaError.jobError(e.getMessage(), null, retriesLeft, backoff.multipliedBy(1L << Math.min(attempt(job), 6)), e);
    } catch (PartnerRejectedException e) {
      throw CamundaError.bpmnError(ERROR_PARTNER_REJECTED, e.getMessage(), Map.of(VAR_PARTNER_REASON, e.getMessage()));
    }
  }

  @JobWorker(type = RECORD_PARTNER_REJECTION, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = {VAR_RELEASE_ID, VAR_PARTNER_REASON})
  public void partnerRejected(@Variable(name = VAR_RELEASE_ID) long releaseId,
      @Variable(name = VAR_PARTNER_REASON, optional = true) String reason) {
    steps.partnerRejected(releaseId, reason);
  }

  /** How many times this job failed before: the BPMN gives publishing 5 retries. */
  private static int attempt(ActivatedJob job) {
    return Math.max(0, 5 - job.getRetries());
  }

  @JobWorker(type = NOTIFY, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_RELEASE_ID)
  public void notifyStatus(@Variable(name = VAR_RELEASE_ID) long releaseId) {
    steps.notifyStatus(releaseId);
  }

  @JobWorker(type = CLOSE_STOPPED, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_RELEASE_ID)
  public void closeStopped(@Variable(name = VAR_RELEASE_ID) long releaseId) {
    steps.closeStopped(releaseId);
  }
}
