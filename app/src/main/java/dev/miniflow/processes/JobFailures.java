package dev.miniflow.processes;

import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.DatabaseOutage;
import io.camunda.client.exception.CamundaError;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.jobhandling.DefaultJobExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobExceptionHandlingStrategy;
import io.camunda.client.metrics.MetricsRecorder;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A step that fails because PostgreSQL is briefly unreachable is tried again later, with growing
 * pauses (from 5 s, doubling, up to 2 min), instead of using up its retries at once and opening an
 * incident. Every step is idempotent and transactional, so nothing half-done is left behind.
 * A step Miniflow refuses ({@link StepRefused}: a forged or misrouted job) fails at once with no
 * retries left, so an admin sees an incident, and the refusal is in the audit trail.
 * Everything else is handled as the Camunda client does by default.
 */
@Configuration(proxyBeanMethods = false)
class JobFailures {
  static final Duration FIRST_PAUSE = Duration.ofSeconds(5);
  static final Duration LONGEST_PAUSE = Duration.ofMinutes(2);

  @Bean
  JobExceptionHandlingStrategy jobExceptionHandlingStrategy(CommandExceptionHandlingStrategy commands,
      MetricsRecorder metrics, AuditTrail audit, TransactionTemplate tx) {
    DefaultJobExceptionHandlingStrategy standard = new DefaultJobExceptionHandlingStrategy(commands, metrics);
    return (exception, context) -> {
      if (DatabaseOutage.causedBy(exception)) {
        // the processes give steps 3 or 5 retries: the fewer are left, the longer the pause
        int attempt = Math.max(0, 5 - context.job().getRetries());
        long seconds = Math.min(LONGEST_PAUSE.toSeconds(), FIRST_PAUSE.toSeconds() << attempt);
        exception = CamundaError.jobError("Database not reachable: " + exception.getMessage(), null,
            Math.max(context.job().getRetries() - 1, 0), Duration.ofSeconds(seconds), exception);
      }
      StepRefused refused = refusal(exception);
      if (refused != null) {
        var job = context.job();
        String detail = job.getType() + " in process instance " + job.getProcessInstanceKey() + " ("
            + job.getBpmnProcessId() + ", element " + job.getElementId() + "): " + refused.getMessage();
        // no object to name a workspace: a variant's refusals still reach its own workspace's trail
        Long workspace = refused.workspaceId() != null ? refused.workspaceId()
            : ProcessVariants.workspaceOf(job.getBpmnProcessId()).orElse(null);
        tx.executeWithoutResult(status -> audit.record(AuditTrail.SYSTEM, "process.step-refused",
            refused.subjectType(), refused.subjectId(), workspace, detail));
        exception = CamundaError.jobError("Refused: " + refused.getMessage(), null, 0, Duration.ZERO);
        exception.setStackTrace(new StackTraceElement[0]); // the incident says why, not where

      }
      standard.handleException(exception, context);
    };
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
