package dev.miniflow.release;

import dev.miniflow.engine.Jobs;
import static dev.miniflow.release.ReleaseProcess.*;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.exception.CamundaError;
import io.camunda.client.exception.JobError;
import dev.miniflow.partner.PartnerRejectedException;
import dev.miniflow.partner.PartnerSettings;
import dev.miniflow.partner.PartnerUnavailableException;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Thin job workers of bpmn/release.bpmn: each maps variables to one release step. */
@Component
public class ReleaseWorkers {
  private final ReleaseValidation validation;
  private final ReleaseSteps steps;
  private final ReleaseBundles bundles;
  private final ReleaseRollout rollout;
  private final PhasedReleases phased;
  private final Duration backoff;

  ReleaseWorkers(ReleaseValidation validation, ReleaseSteps steps, ReleaseBundles bundles, ReleaseRollout rollout,
      PhasedReleases phased, PartnerSettings partners) {
    this.phased = phased;
    this.validation = validation;
    this.steps = steps;
    this.bundles = bundles;
    this.rollout = rollout;
    this.backoff = partners.retryBackoff();
  }

  @JobWorker(type = VALIDATE, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_RELEASE_ID)
  public Map<String, Object> validate(ActivatedJob job, @Variable(name = VAR_RELEASE_ID) long releaseId) {
    ReleaseValidation.Outcome outcome = validation.validate(job.getProcessInstanceKey(), releaseId);
    if (!outcome.valid()) {
      throw CamundaError.bpmnError(ERROR_NOT_RELEASABLE, "Release " + releaseId + " cannot be released",
          outcome.variables());
    }
    return outcome.variables();
  }

  /** The decision itself is read from the completed review task, not from the job's variables. */
  @JobWorker(type = RECORD_DECISION, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_RELEASE_ID)
  public void recordDecision(ActivatedJob job, @Variable(name = VAR_RELEASE_ID) long releaseId) {
    steps.recordDecision(job.getProcessInstanceKey(), releaseId);
  }

  @JobWorker(type = PACKAGE, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_RELEASE_ID)
  public void buildBundle(ActivatedJob job, @Variable(name = VAR_RELEASE_ID) long releaseId) {
    bundles.buildBundle(job.getProcessInstanceKey(), releaseId);
  }

  /**
   * A partner that is down is retried with growing pauses until the job's retries run out (then an
   * admin sees an incident); a partner's final "no" ends this target's flow as rejected. A
   * delivery that finds another one publishing the release waits for it without using a retry.
   */
  @JobWorker(type = ROLL_OUT, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_RELEASE_ID)
  public Map<String, Object> rollOut(ActivatedJob job, @Variable(name = VAR_RELEASE_ID) long releaseId) {
    try {
      boolean released = rollout.rollOut(job.getProcessInstanceKey(), releaseId);
      Map<String, Object> variables = new HashMap<>();
      variables.put(VAR_RELEASED, released);
      variables.put(VAR_PHASE_WAIT, phased.afterRollout(job.getProcessInstanceKey(), releaseId, Jobs.engineNow(job))
          .map(Duration::toString).orElse(null));
      return variables;
    } catch (PublicationInProgress e) {
      // nothing failed: no retry is used (a claim left by a failed delivery lapses by itself)
      throw CamundaError.jobError(e.getMessage(), null, job.getRetries(), PublicationInProgress.PAUSE, e);
    } catch (PartnerUnavailableException e) {
      throw partnerDown(job.getRetries(), backoff, e);
    } catch (PartnerRejectedException e) {
      throw CamundaError.bpmnError(ERROR_PARTNER_REJECTED, e.getMessage(), Map.of(VAR_PARTNER_REASON, e.getMessage()));
    }
  }

  /** Whether the step is due is read from the plan's row and the engine's time, not from the timer. */
  @JobWorker(type = ADVANCE_PHASE, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_RELEASE_ID)
  public void advancePhase(ActivatedJob job, @Variable(name = VAR_RELEASE_ID) long releaseId) {
    phased.advance(job.getProcessInstanceKey(), releaseId, Jobs.engineNow(job));
  }

  @JobWorker(type = RECORD_PARTNER_REJECTION, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_RELEASE_ID)
  public void partnerRejected(ActivatedJob job, @Variable(name = VAR_RELEASE_ID) long releaseId) {
    steps.partnerRejected(job.getProcessInstanceKey(), releaseId);
  }

  /**
   * The failure of a publication to a partner that is down, for a job that had {@code retries}
   * left: one retry used, and a pause of {@code backoff} doubled for each failure before (the BPMN
   * gives publishing 5 retries), at most 64 times {@code backoff}.
   */
  static JobError partnerDown(int retries, Duration backoff, PartnerUnavailableException e) {
    int attempt = Math.max(0, 5 - retries); // how many times this job failed before
    return CamundaError.jobError(e.getMessage(), null, Math.max(retries - 1, 0),
        backoff.multipliedBy(1L << Math.min(attempt, 6)), e);
  }

  @JobWorker(type = NOTIFY, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_RELEASE_ID)
  public void notifyStatus(ActivatedJob job, @Variable(name = VAR_RELEASE_ID) long releaseId) {
    steps.notifyStatus(job.getProcessInstanceKey(), releaseId);
  }

  @JobWorker(type = CLOSE_STOPPED, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_RELEASE_ID)
  public void closeStopped(ActivatedJob job, @Variable(name = VAR_RELEASE_ID) long releaseId) {
    try {
      phased.restorePrevious(job.getProcessInstanceKey(), releaseId); // a reverted phased release only
    } catch (PublicationInProgress e) {
      throw CamundaError.jobError(e.getMessage(), null, job.getRetries(), PublicationInProgress.PAUSE, e);
    } catch (PartnerUnavailableException e) {
      throw partnerDown(job.getRetries(), backoff, e);
    }
    steps.closeStopped(job.getProcessInstanceKey(), releaseId);
  }
}
