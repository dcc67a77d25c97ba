package dev.miniflow.authorization;

import dev.miniflow.engine.Jobs;
import static dev.miniflow.authorization.AuthorizationProcess.*;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import io.camunda.client.api.response.ActivatedJob;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Thin job workers of bpmn/authorization.bpmn. */
@Component
public class AuthorizationWorkers {
  private final AccessSteps requests;
  private final AccessNotifications notifications;

  AuthorizationWorkers(AccessSteps requests, AccessNotifications notifications) {
    this.requests = requests;
    this.notifications = notifications;
  }

  /** The decision itself is read from the completed review task, not from the job's variables. */
  @JobWorker(type = RECORD_DECISION, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_GRANT_ID)
  public void recordDecision(ActivatedJob job, @Variable(name = VAR_GRANT_ID) long grantId) {
    requests.recordDecision(job.getProcessInstanceKey(), grantId);
  }

  @JobWorker(type = ACTIVATE, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_GRANT_ID)
  public Map<String, Object> activate(ActivatedJob job, @Variable(name = VAR_GRANT_ID) long grantId) {
    return requests.activate(job.getProcessInstanceKey(), grantId);
  }

  @JobWorker(type = REMIND, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_GRANT_ID)
  public void remind(ActivatedJob job, @Variable(name = VAR_GRANT_ID) long grantId) {
    notifications.remindExpiry(job.getProcessInstanceKey(), grantId);
  }

  @JobWorker(type = EXPIRE, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_GRANT_ID)
  public void expire(ActivatedJob job, @Variable(name = VAR_GRANT_ID) long grantId) {
    requests.expire(job.getProcessInstanceKey(), grantId);
  }

  @JobWorker(type = ESCALATE, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_GRANT_ID)
  public void escalate(ActivatedJob job, @Variable(name = VAR_GRANT_ID) long grantId) {
    notifications.escalate(job.getProcessInstanceKey(), grantId);
  }

  @JobWorker(type = NOTIFY, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_GRANT_ID)
  public void notifyGrantee(ActivatedJob job, @Variable(name = VAR_GRANT_ID) long grantId) {
    notifications.notifyGrantee(job.getProcessInstanceKey(), grantId);
  }
}
