package dev.miniflow.engine;

import org.springframework.modulith.NamedInterface;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.command.FinalCommandStep;
import io.grpc.Status;
import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;
import java.time.Duration;
import org.springframework.retry.RetryCallback;
import org.springframework.retry.RetryContext;
import org.springframework.retry.RetryListener;
import org.springframework.retry.policy.MaxAttemptsRetryPolicy;
import org.springframework.retry.support.RetryTemplate;
import org.springframework.stereotype.Component;

/**
 * Sends commands to the engine. A broker under load refuses commands with
 * {@code RESOURCE_EXHAUSTED} (backpressure) before writing them, so they are safe to send again:
 * they are retried with growing, jittered pauses instead of failing the user's request. Other
 * errors (engine unreachable) reach the caller at once.
 */
@Component
@NamedInterface("api")
public class EngineCommands {
  private static final int MAX_ATTEMPTS = 15;
  private final RetryTemplate retry;

  EngineCommands(MeterRegistry registry) {
    Counter retries = Counter.builder("miniflow.engine.backpressure.retries")
        .description("Engine commands sent again after the broker refused them under backpressure")
        .register(registry);
    this.retry = RetryTemplate.builder()
        .customPolicy(new MaxAttemptsRetryPolicy(MAX_ATTEMPTS) {
          @Override
          public boolean canRetry(RetryContext context) {
            return super.canRetry(context) && (context.getLastThrowable() == null
                || backpressure(context.getLastThrowable()));
          }
        })
        .exponentialBackoff(Duration.ofMillis(25), 2, Duration.ofSeconds(2), true)
        .withListener(new RetryListener() {
          @Override
          public <T, E extends Throwable> void onError(RetryContext context, RetryCallback<T, E> callback,
              Throwable error) {
            if (backpressure(error)) {
              retries.increment();
            }
          }
        })
        .build();
  }

  /** Sends the command and waits for its answer, again while the broker pushes back. */
  public <T> T send(FinalCommandStep<T> command) {
    return retry.execute(context -> command.send().join());
  }

  /**
   * Publishes a message to the instance waiting under this key (kept a day, once per call), in
   * the caller's transaction: an engine that does not take it is a 503 problem, so the caller's
   * changes roll back and the user may try again.
   */
  public void publish(io.camunda.client.CamundaClient engine, String message, long correlationKey) {
    try {
      send(engine.newPublishMessageCommand().messageName(message).correlationKey(String.valueOf(correlationKey))
          .messageId(java.util.UUID.randomUUID().toString()).timeToLive(Duration.ofDays(1)));
    } catch (RuntimeException e) {
      throw dev.miniflow.support.Problems.unavailable(
          "The workflow engine is not reachable right now; nothing was changed. Please try again.");
    }
  }

  static boolean backpressure(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (e instanceof ClientStatusException status && status.getStatusCode() == Status.Code.RESOURCE_EXHAUSTED) {
        return true;
      }
    }
    return false;
  }
}
