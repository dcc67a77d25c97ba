package dev.miniflow.engine;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.camunda.client.CamundaClient;
import io.camunda.client.annotation.value.JobWorkerValue;
import io.camunda.client.api.response.ActivatedJob;
import io.camunda.client.impl.CamundaObjectMapper;
import io.camunda.client.impl.response.ActivatedJobImpl;
import io.camunda.client.jobhandling.DefaultJobExceptionHandlingStrategy;
import io.camunda.client.jobhandling.JobExceptionHandlingStrategy;
import io.camunda.client.metrics.DefaultNoopMetricsRecorder;
import io.camunda.zeebe.gateway.protocol.GatewayGrpc;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass;
import io.camunda.zeebe.gateway.protocol.GatewayOuterClass.FailJobRequest;
import io.grpc.Grpc;
import io.grpc.InsecureServerCredentials;
import io.grpc.Server;
import io.grpc.stub.StreamObserver;
import java.net.URI;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;

/**
 * What a failing step tells the engine (no Spring, no engine): the real Camunda client sends the
 * fail command of {@link JobFailures}' strategy to a stand-in gateway that records it.
 */
class JobFailuresTest {
  static final BlockingQueue<FailJobRequest> SENT = new LinkedBlockingQueue<>();
  static Server gateway;
  static CamundaClient client;

  final List<Object> refusals = new ArrayList<>();
  final List<Throwable> commandErrors = new ArrayList<>();
  final JobExceptionHandlingStrategy strategy = JobFailures.strategy(
      new DefaultJobExceptionHandlingStrategy((command, error) -> commandErrors.add(error),
          new DefaultNoopMetricsRecorder()),
      (job, refused) -> refusals.add(job.getKey() + ": " + refused.getMessage()));

  @BeforeAll
  static void gateway() throws Exception {
    gateway = Grpc.newServerBuilderForPort(0, InsecureServerCredentials.create())
        .addService(new GatewayGrpc.GatewayImplBase() {
          @Override
          public void failJob(FailJobRequest request, StreamObserver<GatewayOuterClass.FailJobResponse> response) {
            SENT.add(request);
            response.onNext(GatewayOuterClass.FailJobResponse.getDefaultInstance());
            response.onCompleted();
          }
        }).build().start();
    client = CamundaClient.newClientBuilder().grpcAddress(URI.create("http://127.0.0.1:" + gateway.getPort()))
        .preferRestOverGrpc(false).build();
  }

  @AfterAll
  static void close() throws Exception {
    client.close();
    gateway.shutdownNow().awaitTermination(5, TimeUnit.SECONDS);
  }

  @Test
  void thePauseDoublesFromFiveSecondsAsTheRetriesRunOutAndNeverPassesTwoMinutes() {
    assertThat(JobFailures.FIRST_PAUSE).isEqualTo(Duration.ofSeconds(5));
    assertThat(JobFailures.LONGEST_PAUSE).isEqualTo(Duration.ofMinutes(2));
    assertThat(List.of(5, 4, 3, 2, 1, 0).stream().map(JobFailures::pauseAfter).toList()).containsExactly(
        Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40),
        Duration.ofSeconds(80), Duration.ofMinutes(2));
    assertThat(JobFailures.pauseAfter(10)).as("more retries than the processes give").isEqualTo(Duration.ofSeconds(5));
    assertThat(JobFailures.pauseAfter(-3)).isEqualTo(Duration.ofMinutes(2));
  }

  @Test
  void aStepFailingForWantOfTheDatabaseUsesOneRetryPerFailureWithGrowingPauses() throws Exception {
    // publishing has 5 retries: one is used per failure, the pauses double, the last failure opens an incident
    long key = 1001;
    int[] retriesLeft = {4, 3, 2, 1, 0};
    long[] pauses = {5, 10, 20, 40, 80};
    for (int retries = 5; retries >= 1; retries--) {
      FailJobRequest sent = fail(job(key, "release.roll-out", retries),
          new CannotCreateTransactionException("Could not open JDBC Connection for transaction",
              new SQLException("Connection refused", "08001")));
      assertThat(sent.getJobKey()).isEqualTo(key);
      assertThat(sent.getRetries()).as("retries left after a failure with %d", retries)
          .isEqualTo(retriesLeft[5 - retries]);
      assertThat(sent.getRetryBackOff()).as("pause after a failure with %d retries", retries)
          .isEqualTo(Duration.ofSeconds(pauses[5 - retries]).toMillis());
      assertThat(sent.getErrorMessage()).contains("Database not reachable: Could not open JDBC Connection");
    }

    // most steps have 3 retries: they wait longer at once (20 s, then 40 s) before the incident
    FailJobRequest threeRetries = fail(job(1002, "release.validate", 3),
        new DataAccessResourceFailureException("Unable to acquire JDBC Connection"));
    assertThat(threeRetries.getRetries()).isEqualTo(2);
    assertThat(threeRetries.getRetryBackOff()).isEqualTo(Duration.ofSeconds(20).toMillis());
    assertThat(refusals).isEmpty();
    assertThat(commandErrors).isEmpty();
  }

  @Test
  void aRefusedStepFailsAtOnceWithNoRetriesAndIsRecorded() throws Exception {
    StepRefused refused = new StepRefused("release 7 is not run by this process instance", 1L, "release", 7L);
    FailJobRequest sent = fail(job(1003, "release.validate", 3), new IllegalStateException("wrapped", refused));

    assertThat(sent.getRetries()).isZero();
    assertThat(sent.getRetryBackOff()).isZero();
    assertThat(sent.getErrorMessage()).contains("Refused: release 7 is not run by this process instance")
        .doesNotContain("\tat "); // the incident says why, not where
    assertThat(refusals).containsExactly("1003: release 7 is not run by this process instance");
  }

  @Test
  void anyOtherFailureIsLeftToTheClientsDefaultHandling() throws Exception {
    SENT.clear();
    IllegalStateException bug = new IllegalStateException("a bug");
    // the default strategy throws it back to the job handler, which fails the job the usual way
    assertThatThrownBy(() -> strategy.handleException(bug, context(job(1004, "release.validate", 3))))
        .isSameAs(bug);
    assertThat(SENT.poll(300, TimeUnit.MILLISECONDS)).isNull();
    assertThat(refusals).isEmpty();
  }

  private FailJobRequest fail(ActivatedJob job, Exception failure) throws Exception {
    SENT.clear();
    strategy.handleException(failure, context(job));
    FailJobRequest sent = SENT.poll(10, TimeUnit.SECONDS);
    assertThat(sent).as("fail command of job " + job.getKey()).isNotNull();
    return sent;
  }

  private static JobExceptionHandlingStrategy.ExceptionHandlingContext context(ActivatedJob job) {
    JobWorkerValue worker = new JobWorkerValue();
    worker.setType(job.getType());
    worker.setMaxRetries(0);
    return new JobExceptionHandlingStrategy.ExceptionHandlingContext(client, job, worker);
  }

  /** A job as the gateway hands it out. */
  private static ActivatedJob job(long key, String type, int retries) {
    return new ActivatedJobImpl(new CamundaObjectMapper(), GatewayOuterClass.ActivatedJob.newBuilder()
        .setKey(key).setType(type).setRetries(retries).setProcessInstanceKey(2251799813685249L)
        .setBpmnProcessId("release").setElementId("Validate").setWorker("miniflow")
        .setDeadline(System.currentTimeMillis() + 60_000).setVariables("{}").setCustomHeaders("{}").build());
  }
}
