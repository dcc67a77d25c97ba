package dev.miniflow.tasklist.sla;

import dev.miniflow.engine.Jobs;
import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import org.springframework.stereotype.Component;

/**
 * Thin workers of the SLA timers any model can attach to a user task: the business key only picks
 * among the open tasks of the job's own process instance.
 */
@Component
public class TaskSlaWorkers {
  public static final String REMIND = "task.remind";
  public static final String ESCALATE = "task.escalate";
  static final String VAR_BUSINESS_KEY = "businessKey";

  private final TaskReminders reminders;

  TaskSlaWorkers(TaskReminders reminders) {
    this.reminders = reminders;
  }

  @JobWorker(type = REMIND, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_BUSINESS_KEY)
  public void remind(ActivatedJob job) {
    reminders.remind(job.getBpmnProcessId(), job.getProcessInstanceKey(), businessKey(job));
  }

  @JobWorker(type = ESCALATE, timeout = Jobs.STEP_TIMEOUT_MS, fetchVariables = VAR_BUSINESS_KEY)
  public void escalate(ActivatedJob job) {
    reminders.escalate(job.getBpmnProcessId(), job.getProcessInstanceKey(), businessKey(job), Jobs.engineNow(job));
  }

  private static String businessKey(ActivatedJob job) {
    Object value = job.getVariablesAsMap().get(VAR_BUSINESS_KEY);
    return value == null ? null : value.toString();
  }
}
