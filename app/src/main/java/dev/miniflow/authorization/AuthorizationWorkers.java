package dev.miniflow.authorization;

import dev.miniflow.processes.Jobs;
import static dev.miniflow.authorization.AuthorizationProcess.*;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.annotation.Variable;
import java.util.Map;
import org.springframework.stereotype.Component;

/** Thin job workers of bpmn/authorization.bpmn. */
@Component
public class AuthorizationWorkers {
  private final AccessRequests requests;

  AuthorizationWorkers(AccessRequests requests) {
    this.requests = requests;
  }

  @JobWorker(type = RECORD_DECISION, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = {VAR_GRANT_ID, VAR_DECISION, VAR_COMMENT, VAR_COMPLETED_BY})
  public void recordDecision(@Variable(name = VAR_GRANT_ID) long grantId, @Variable(name = VAR_DECISION) String decision,
      @Variable(name = VAR_COMMENT, optional = true) String comment, @Variable(name = VAR_COMPLETED_BY) String by) {
    requests.recordDecision(grantId, decision, comment, by);
  }

  @JobWorker(type = ACTIVATE, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_GRANT_ID)
  public Map<String, Object> activate(@Variable(name = VAR_GRANT_ID) long grantId) {
    return requests.activate(grantId);
  }

  @JobWorker(type = REMIND, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_GRANT_ID)
  public void remind(@Variable(name = VAR_GRANT_ID) long grantId) {
    requests.remindExpiry(grantId);
  }

  @JobWorker(type = EXPIRE, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_GRANT_ID)
  public void expire(@Variable(name = VAR_GRANT_ID) long grantId) {
    requests.expire(grantId);
  }

  @JobWorker(type = ESCALATE, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_GRANT_ID)
  public void escalate(@Variable(name = VAR_GRANT_ID) long grantId) {
    requests.escalate(grantId);
  }

  @JobWorker(type = NOTIFY, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_GRANT_ID)
  public void notifyGrantee(@Variable(name = VAR_GRANT_ID) long grantId) {
    requests.notifyGrantee(grantId);
  }
}
