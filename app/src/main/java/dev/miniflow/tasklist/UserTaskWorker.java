package dev.miniflow.tasklist;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.api.response.ActivatedJob;
import org.springframework.stereotype.Component;

/**
 * Takes every job-worker user task into Miniflow's task store. The job is left open (not
 * auto-completed) until a person completes the task; its long timeout only matters if the task
 * store lost it, and a redelivery is recorded once.
 */
@Component
public class UserTaskWorker {
  /** Long enough that a task waiting for people is never handed out again while it waits. */
  static final long ONE_YEAR_MS = 365L * 24 * 3600 * 1000;
  private final TaskIntake tasks;

  UserTaskWorker(TaskIntake tasks) {
    this.tasks = tasks;
  }

  @JobWorker(type = "io.camunda.zeebe:userTask", autoComplete = false, timeout = ONE_YEAR_MS,
      fetchVariables = {UserTaskJobs.VAR_BUSINESS_KEY, UserTaskJobs.VAR_PRIORITY})
  public void onUserTask(ActivatedJob job) {
    tasks.open(job);
  }
}
