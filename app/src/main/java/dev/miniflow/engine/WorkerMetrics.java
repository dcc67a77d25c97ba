package dev.miniflow.engine;

import io.camunda.client.annotation.JobWorker;
import io.camunda.client.exception.BpmnError;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Timer;
import org.aspectj.lang.ProceedingJoinPoint;
import org.aspectj.lang.annotation.Around;
import org.aspectj.lang.annotation.Aspect;
import org.springframework.stereotype.Component;

/**
 * How long each job worker takes and how it ends ({@code miniflow_worker_job_seconds} by type and
 * outcome, with percentiles). The Camunda client already counts activated, completed and failed
 * jobs ({@code camunda_job_invocations_total}); this adds the latency.
 */
@Aspect
@Component
class WorkerMetrics {
  private final MeterRegistry registry;

  WorkerMetrics(MeterRegistry registry) {
    this.registry = registry;
  }

  @Around("@annotation(worker)")
  public Object time(ProceedingJoinPoint call, JobWorker worker) throws Throwable {
    Timer.Sample sample = Timer.start(registry);
    String outcome = "completed";
    try {
      return call.proceed();
    } catch (BpmnError e) {
      outcome = "bpmn-error";
      throw e;
    } catch (Throwable e) {
      outcome = "failed";
      throw e;
    } finally {
      sample.stop(Timer.builder("miniflow.worker.job").description("Time a Miniflow job worker took for one job")
          .tag("type", worker.type()).tag("outcome", outcome).publishPercentiles(0.5, 0.95, 0.99)
          .register(registry));
    }
  }
}
