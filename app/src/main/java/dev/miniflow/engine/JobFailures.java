package dev.miniflow.engine;

import dev.miniflow.processes.ProcessVariants;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.DatabaseOutage;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.exception.CamundaError;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.jobhandling.DefaultJobExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobExceptionHandlingStrategy;
import io.camunda.client.metrics.MetricsRecorder;
import java.time.Duration;
import java.util.function.BiConsumer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A step that fails because PostgreSQL is briefly unreachable is tried again later, with growing
 * pauses, instead of using up its retries at once and opening an incident. The pause follows the
 * retries left (5 s with all 5, doubling for each one fewer, at most 2 min): a five-retry step
 * waits 5, 10, 20, 40, 80 s, a three-retry step 20 and 40 s, so an outage of about a minute is
 * ridden out before an incident opens (JobFailuresTest). Every step is idempotent and
 * transactional, so nothing half-done is left behind.
 * A step Miniflow refuses ({@link StepRefused}: a forged or misrouted job) fails at once with no
 * retries left, so an admin sees an incident, and the refusal is in the audit trail.
 * Everything else is handled as the Camunda client does by default.
 */
@Configuration(proxyBeanMethods = false)
class JobFailures {
  static final Duration FIRST_PAUSE = Duration.ofSeconds(5);
  static final Duration LONGEST_PAUSE = Duration.ofMinutes(2);
  /** The processes give steps 3 or 5 retries: a job with 5 left has not failed yet. */
  static final int MOST_RETRIES = 5;

  @Bean
  JobExceptionHandlingStrategy jobExceptionHandlingStrategy(CommandExceptionHandlingStrategy commands,
      MetricsRecorder metrics, AuditTrail audit, TransactionTemplate tx) {
    return strategy(new DefaultJobExceptionHandlingStrategy(commands, metrics), (job, refused) -> {
      String detail = job.getType() + " in process instance " + job.getProcessInstanceKey() + " ("
          + job.getBpmnProcessId() + ", element " + job.getElementId() + "): " + refused.getMessage();
      // no object to name a workspace: a variant's refusals still reach its own workspace's trail
      Long workspace = refused.workspaceId() != null ? refused.workspaceId()
          : ProcessVariants.workspaceOf(job.getBpmnProcessId()).orElse(null);
      tx.executeWithoutResult(status -> audit.record(AuditTrail.SYSTEM, EngineAudit.STEP_REFUSED,
          refused.subjectType(), refused.subjectId(), workspace, detail));
    });
  }

  /**
   * Turns a database outage and a refusal into the job failure the engine is told of, and hands
   * every failure to {@code standard}; {@code refusals} records each refused step first.
   */
  static JobExceptionHandlingStrategy strategy(JobExceptionHandlingStrategy standard,
      BiConsumer<ActivatedJob, StepRefused> refusals) {
    return (exception, context) -> {
      if (DatabaseOutage.causedBy(exception)) {
        int retries = context.job().getRetries();
        exception = CamundaError.jobError("Database not reachable: " + exception.getMessage(), null,
            Math.max(retries - 1, 0), pauseAfter(retries), exception);
      }
      StepRefused refused = refusal(exception);
      if (refused != null) {
        refusals.accept(context.job(), refused);
        exception = CamundaError.jobError("Refused: " + refused.getMessage(), null, 0, Duration.ZERO);
        exception.setStackTrace(new StackTraceElement[0]); // the incident says why, not where
      }
      standard.handleException(exception, context);
    };
  }

  /**
   * The pause before a job that failed for want of the database is tried again, given the
   * retries it had when it failed: the fewer are left, the longer the pause (5 left: 5 s, then 10,
   * 20, 40, 80 s; a step of 3 retries starts at 20 s), never longer than {@link #LONGEST_PAUSE}.
   */
  static Duration pauseAfter(int retries) {
    int attempt = Math.clamp(MOST_RETRIES - retries, 0, MOST_RETRIES);
    return Duration.ofSeconds(Math.min(LONGEST_PAUSE.toSeconds(), FIRST_PAUSE.toSeconds() << attempt));
  }

  private static StepRefused refusal(Throwable exception) {
    for (Throwable e = exception; e != null; e = e.getCause()) {
      if (e instanceof StepRefused refused) {
        return refused;
      }
    }
    return null;
  }
}
