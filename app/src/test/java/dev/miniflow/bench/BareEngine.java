package dev.miniflow.bench;

import dev.miniflow.engine.embedded.EmbeddedEngine;
import dev.miniflow.testing.Concurrently;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The pipeline's baseline: Miniflow's release BPMN on the same in-process engine Miniflow embeds,
 * every job completed at once by a no-op worker with the variables Miniflow's step returns, and
 * the roll-out message published when the release is approved, as the operator does.
 */
final class BareEngine implements AutoCloseable {
  /** What the user-task worker saw: element instance key → when its job arrived (ms). */
  private final Map<Long, Long> taskReceived = new ConcurrentHashMap<>();
  private final Runnable stopEngine;
  private final CamundaClient client;
  private final List<JobWorker> workers = new ArrayList<>();
  private final EngineTimes times;
  private int created;

  record Run(double seconds, List<Double> visibilityMs) {}

  /** On the same in-process engine Miniflow embeds, started in {@code dir}. */
  static BareEngine embedded(Path dir) {
    ZeebeTestEngine engine = EmbeddedEngine.create(dir);
    engine.start();
    return new BareEngine(client("http://" + EmbeddedEngine.gatewayAddress(engine)),
        new EngineRecords(engine, "release"), () -> EmbeddedEngine.stop(engine));
  }

  /**
   * On a real broker, timed by what Miniflow's exporter projected from it. Its release ids start
   * above {@code firstReleaseId}, far from Miniflow's, so a roll-out message meant for one of its
   * instances never meets one of Miniflow's.
   */
  static BareEngine onBroker(String gatewayAddress, EngineTimes projected, int firstReleaseId) {
    BareEngine bare = new BareEngine(client(gatewayAddress), projected, () -> {});
    bare.created = firstReleaseId;
    return bare;
  }

  private static CamundaClient client(String gatewayAddress) {
    return CamundaClient.newClientBuilder().grpcAddress(URI.create(gatewayAddress)).preferRestOverGrpc(false).build();
  }

  private BareEngine(CamundaClient client, EngineTimes times, Runnable stopEngine) {
    this.client = client;
    this.times = times;
    this.stopEngine = stopEngine;
    var deploy = client.newDeployResourceCommand().addResourceFromClasspath("bpmn/release.bpmn");
    for (String form : List.of("release-review", "access-review", "removal-review", "rectification-review")) {
      deploy = deploy.addResourceFromClasspath("forms/" + form + ".form");
    }
    deploy.send().join();
    Map<String, Map<String, Object>> outputs = Map.of(
        // what Miniflow's validate step returns, the review's due date and timers included
        "release.validate", Map.of("reviewRequired", true, "autoRelease", false, "subject", "bench",
            "reviewDueAt", java.time.Instant.now().plus(Duration.ofDays(2)).toString(), "reviewRemindIn", "PT40H",
            "reviewDueIn", "PT48H", "priority", 50),
        EngineRecords.USER_TASK_JOB, Map.of("decision", "approve", "comment", "ok", "completedBy", "bench"),
        "release.roll-out", Map.of("released", true));
    for (String type : List.of("release.validate", EngineRecords.USER_TASK_JOB, "release.record-decision",
        "release.package", "release.notify", "release.roll-out")) {
      workers.add(client.newWorker().jobType(type).handler((jobs, job) -> {
        if (type.equals(EngineRecords.USER_TASK_JOB)) {
          taskReceived.put(job.getElementInstanceKey(), System.currentTimeMillis());
        }
        if (job.getElementId().equals("NotifyApproved")) {
          publishRollOut(String.valueOf(job.getVariablesAsMap().get("releaseId")), 1);
        }
        jobs.newCompleteCommand(job).variables(outputs.getOrDefault(type, Map.of())).send();
      }).maxJobsActive(64).streamEnabled(true).open());
    }
  }

  /**
   * {@code n} releases from the first request to the last instance's completion, by the engine's
   * timestamps; with when each review's job reached its worker after the engine reached the task.
   */
  Run run(int n) throws Exception {
    return run(n, null);
  }

  /** As {@link #run(int)}, with the releases asked for one every {@code interval} (null: as fast as they go). */
  Run run(int n, Duration interval) throws Exception {
    long before = times.completed();
    int first = created;
    created += n;
    taskReceived.clear();
    long start = System.currentTimeMillis();
    if (interval == null) {
      Concurrently.map(n, 4, i -> create(first + i + 1));
    } else {
      Concurrently.paced(n, 4, interval, i -> create(first + i + 1));
    }
    long end = times.awaitCompleted(before, n, Duration.ofMinutes(10));
    List<Double> visibility = new ArrayList<>();
    taskReceived.forEach((element, received) -> {
      Long reached = times.reachedByElement(element);
      if (reached != null) {
        visibility.add((double) (received - reached));
      }
    });
    if (visibility.size() < n) {
      throw new AssertionError("The engine reached " + visibility.size() + " of " + n + " reviews");
    }
    return new Run((end - start) / 1e3, visibility);
  }

  /** Sent again while a real broker's backpressure refuses it, as Miniflow's EngineCommands does. */
  private long create(long releaseId) {
    return retried(() -> client.newCreateInstanceCommand().bpmnProcessId("release").latestVersion()
        .variables(Map.of("releaseIds", List.of(releaseId), "workspaceId", 1, "requester", "bench")).send().join()
        .getProcessInstanceKey());
  }

  /**
   * The operator's roll-out message, without blocking the worker's thread (a waiting handler would
   * slow the baseline down); sent again, later, while a real broker's backpressure refuses it.
   */
  private void publishRollOut(String releaseId, int attempt) {
    client.newPublishMessageCommand().messageName("release-rollout-requested").correlationKey(releaseId)
        .timeToLive(Duration.ofMinutes(5)).send().toCompletableFuture().whenComplete((sent, failure) -> {
          if (failure != null && attempt < 100) {
            java.util.concurrent.CompletableFuture.delayedExecutor(10L * attempt,
                java.util.concurrent.TimeUnit.MILLISECONDS).execute(() -> publishRollOut(releaseId, attempt + 1));
          }
        });
  }

  private static <T> T retried(java.util.function.Supplier<T> command) {
    for (int attempt = 1;; attempt++) {
      try {
        return command.get();
      } catch (io.camunda.client.api.command.ClientStatusException e) {
        if (e.getStatusCode() != io.grpc.Status.Code.RESOURCE_EXHAUSTED || attempt == 100) {
          throw e;
        }
        try {
          Thread.sleep(10L * attempt);
        } catch (InterruptedException interrupted) {
          Thread.currentThread().interrupt();
          throw e;
        }
      }
    }
  }

  @Override
  public void close() {
    workers.forEach(JobWorker::close);
    client.close();
    stopEngine.run();
  }
}
