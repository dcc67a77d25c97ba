package dev.miniflow.processes;

import dev.miniflow.support.DatabaseOutage;
import io.camunda.client.exception.CamundaError;
import io.camunda.client.jobhandling.CommandExceptionHandlingStrategy;
import io.camunda.client.jobhandling.DefaultJobExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobExceptionHandlingStrategy;
import io.camunda.client.metrics.MetricsRecorder;
import java.time.Duration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

/**
 * A step that fails because PostgreSQL is briefly unreachable is tried again later, with growing
 * pauses (from 5 s, doubling, up to 2 min), instead of using up its retries at once and opening an
 * incident. Every step is idempotent and transactional, so nothing half-done is left behind.
 * Everything else is handled as the Camunda client does by default.
 */
@Configuration(proxyBeanMethods = false)
class JobFailures {
  static final Duration FIRST_PAUSE = Duration.ofSeconds(5);
  static final Duration LONGEST_PAUSE = Duration.ofMinutes(2);

  @Bean
  JobExceptionHandlingStrategy jobExceptionHandlingStrategy(CommandExceptionHandlingStrategy commands,
      MetricsRecorder metrics) {
    DefaultJobExceptionHandlingStrategy standard = new DefaultJobExceptionHandlingStrategy(commands, metrics);
    return (exception, context) -> {
      if (DatabaseOutage.causedBy(exception)) {
        // the processes give steps 3 or 5 retries: the fewer are left, the longer the pause
        int attempt = Math.max(0, 5 - context.job().getRetries());
        long seconds = Math.min(LONGEST_PAUSE.toSeconds(), FIRST_PAUSE.toSeconds() << attempt);
        exception = CamundaError.jobError("Database not reachable: " + exception.getMessage(), null,
            Math.max(context.job().getRetries() - 1, 0), Duration.ofSeconds(seconds), exception);
      }
      standard.handleException(exception, context);
    };
  }
}
