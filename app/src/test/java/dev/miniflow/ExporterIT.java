package dev.miniflow;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.miniflow.testing.TcpProxy;
import dev.miniflow.testing.ZeebeBroker;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.model.bpmn.Bpmn;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * Miniflow's exporter in the real broker, writing to a real PostgreSQL through a connection that
 * is cut while records flow, and a broker killed afterwards, which offers its log again from its
 * last snapshot. Every instance, element, job failure and incident is projected once: the job
 * failures are counted, so a record applied twice would show.
 */
class ExporterIT {
  static final Path DIR = Path.of("target", "exporter-it");
  static final String LAST_ACKNOWLEDGED = "zeebe_exporter_last_updated_exported_position";
  static final int INSTANCES = 90;

  /** Instances whose job ran out of retries. */
  static final java.util.Set<Long> INCIDENTS = ConcurrentHashMap.newKeySet();

  static EmbeddedPostgres postgres;
  static TcpProxy cuttable;
  static ZeebeBroker broker;
  static JdbcClient db;

  @BeforeAll
  static void infrastructure() throws Exception {
    assertThat(ZeebeBroker.available()).as("the build unpacks the broker distribution into target/zeebe").isTrue();
    FileSystemUtils.deleteRecursively(DIR);
    postgres = EmbeddedPostgres.builder().setDataDirectory(DIR.resolve("postgres")).start();
    db = JdbcClient.create(postgres.getPostgresDatabase());
    SpringLiquibase schema = new SpringLiquibase(); // Miniflow's own schema, as the app creates it
    schema.setDataSource(postgres.getPostgresDatabase());
    schema.setChangeLog("classpath:db/changelog/db.changelog-master.yaml");
    schema.setResourceLoader(new DefaultResourceLoader());
    schema.afterPropertiesSet();
    cuttable = new TcpProxy(postgres.getPort());
    cuttable.restore();
    // small batches and a small buffer, so the outage fills it and the broker is refused records
    Map<String, String> env = new HashMap<>(ZeebeBroker.exporter(
        "jdbc:postgresql://127.0.0.1:" + cuttable.port() + "/postgres", "postgres", "postgres",
        Map.of("batchSize", "20", "maxBuffered", "60", "flushIntervalMs", "200")));
    broker = ZeebeBroker.single(DIR.resolve("broker"), env).start().awaitHealthy(Duration.ofMinutes(3));
  }

  @AfterAll
  static void stop() throws Exception {
    if (broker != null) {
      broker.close();
    }
    if (cuttable != null) {
      cuttable.close();
    }
    if (postgres != null) {
      postgres.close();
    }
  }

  @Test
  void everyRecordIsProjectedOnceThroughADatabaseOutageAndABrokerCrash() throws Exception {
    Map<Long, Integer> failuresByJob = new ConcurrentHashMap<>();
    Map<Long, Long> instanceOfJob = new ConcurrentHashMap<>();
    AtomicInteger completed = new AtomicInteger();
    List<Long> instances = new ArrayList<>();
    try (CamundaClient client = client()) {
      client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("exported").startEvent("Start")
          .serviceTask("Work", t -> t.zeebeJobType("work").zeebeJobRetries("3")).endEvent("End").done(),
          "exported.bpmn")
          .send().join();
      try (JobWorker worker = worker(client, failuresByJob, instanceOfJob, completed)) {
        for (int n = 0; n < INSTANCES; n++) {
          if (n == 30) {
            outage(client, instances, n, completed);
            n += 30;
          }
          instances.add(start(client, n));
        }
        // every instance ends (those whose job ran out of retries wait at an incident)
        await().atMost(Duration.ofMinutes(2)).until(() -> completed.get() + incidents() == instances.size());
        awaitProjected(instances);

        // a crash: the broker starts again from its last snapshot and offers the log again
        broker.kill();
        broker.start().awaitHealthy(Duration.ofMinutes(3));
        instances.add(start(client, INSTANCES));
        await().atMost(Duration.ofMinutes(2)).until(() -> completed.get() + incidents() == instances.size());
        awaitProjected(instances);

        // a model with an element id longer than the tables' columns and a failure message with a
        // NUL byte (which PostgreSQL refuses in text): projected all the same, nothing stops
        String longId = "Step" + "x".repeat(196);
        client.newDeployResourceCommand().addProcessModel(Bpmn.createExecutableProcess("exported-long").startEvent()
            .serviceTask(longId, t -> t.zeebeJobType("long").zeebeJobRetries("1")).endEvent().done(), "long.bpmn")
            .send().join();
        long odd = client.newCreateInstanceCommand().bpmnProcessId("exported-long").latestVersion()
            .variables(Map.of("n", -1, "subject", "Exported odd")).send().join().getProcessInstanceKey();
        instances.add(odd);
        try (JobWorker failing = client.newWorker().jobType("long").handler((jobs, job) -> {
          instanceOfJob.put(job.getKey(), job.getProcessInstanceKey());
          jobs.newFailCommand(job.getKey()).retries(0).errorMessage("bad\u0000byte").send().join();
          failuresByJob.merge(job.getKey(), 1, Integer::sum);
          INCIDENTS.add(odd);
        }).pollInterval(Duration.ofMillis(100)).open()) {
          await().atMost(Duration.ofMinutes(1)).until(() -> INCIDENTS.contains(odd));
          awaitProjected(instances);
        }
        assertThat(db.sql("select element_id from incident where process_instance_key = :k").param("k", odd)
            .query(String.class).single()).hasSize(128).startsWith("Stepxxx");
        assertThat(db.sql("select error_message from job where process_instance_key = :k").param("k", odd)
            .query(String.class).single()).isEqualTo("badbyte");
        instances.add(start(client, INSTANCES + 1)); // and what comes after goes on as before
        await().atMost(Duration.ofMinutes(2)).until(() -> completed.get() + incidents() == instances.size());
        awaitProjected(instances);
      }
    }

    assertThat(count("select count(*) from process_instance")).isEqualTo(instances.size());
    assertThat(count("select count(*) from process_instance where state = 'COMPLETED'")).isEqualTo(completed.get());
    // start event, task, end event and the process itself, each once, for every completed instance;
    // the start event of those waiting at an incident
    assertThat(count("select count(*) from element_instance where state = 'COMPLETED'"))
        .isEqualTo(4L * completed.get() + incidents());
    assertThat(count("select count(*) from element_instance where state = 'ACTIVE'")).isEqualTo(2L * incidents());
    assertThat(count("select count(*) from incident where state = 'ACTIVE' and job_type in ('work', 'long')"))
        .isEqualTo(incidents());
    Map<Long, Integer> projected = new HashMap<>();
    db.sql("select job_key, failures from job").query((rs, i) -> projected.put(rs.getLong(1), rs.getInt(2))).list();
    Map<Long, Integer> expected = new HashMap<>();
    instanceOfJob.keySet().forEach(job -> expected.put(job, failuresByJob.getOrDefault(job, 0)));
    assertThat(projected).as("failures per job, each counted once").isEqualTo(expected);
    assertThat(count("select count(*) from instance_variable where name = 'subject'")).isEqualTo(instances.size());
    assertThat(count("select count(*) from process_instance where subject like 'Exported %'"))
        .isEqualTo(instances.size());
  }

  /**
   * PostgreSQL cut while instances run: the exporter keeps what it cannot write, then refuses
   * records; the broker's acknowledged position stands still while the engine goes on.
   */
  private void outage(CamundaClient client, List<Long> instances, int from, AtomicInteger completed) throws Exception {
    awaitProjected(instances);
    long stored = count("select max(position) from exporter_position");
    cuttable.cut();
    try {
      for (int n = from; n < from + 15; n++) {
        instances.add(start(client, n));
      }
      Thread.sleep(1_000);
      double acknowledged = broker.metric(LAST_ACKNOWLEDGED);
      int completedBefore = completed.get();
      for (int n = from + 15; n < from + 30; n++) {
        instances.add(start(client, n));
        Thread.sleep(200);
      }
      Thread.sleep(1_000);
      assertThat(completed.get()).as("the engine goes on meanwhile").isGreaterThan(completedBefore);
      assertThat(broker.metric(LAST_ACKNOWLEDGED)).as("nothing acknowledged while nothing can be written")
          .isEqualTo(acknowledged);
      assertThat(count("select max(position) from exporter_position")).isEqualTo(stored);
    } finally {
      cuttable.restore();
    }
  }

  private void awaitProjected(List<Long> instances) {
    await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(250)).until(
        () -> count("select count(*) from process_instance where state <> 'ACTIVE' or exists (select 1 from incident x"
            + " where x.process_instance_key = process_instance.process_instance_key)") == instances.size());
  }

  /** Starts an instance; just after the broker's restart the client's channel may still be reconnecting. */
  private static long start(CamundaClient client, int n) {
    for (int attempt = 0;; attempt++) {
      try {
        return client.newCreateInstanceCommand().bpmnProcessId("exported").latestVersion()
            .variables(Map.of("n", n, "subject", "Exported " + n)).send().join().getProcessInstanceKey();
      } catch (io.camunda.client.api.command.ClientStatusException e) {
        if (e.getStatusCode() != io.grpc.Status.Code.UNAVAILABLE || attempt >= 30) {
          throw e;
        }
        try {
          Thread.sleep(1_000);
        } catch (InterruptedException interrupted) {
          throw new IllegalStateException(interrupted);
        }
      }
    }
  }

  /**
   * Completes each job, except: every third fails once and then completes; every tenth fails
   * until no retries are left (an incident).
   */
  private static JobWorker worker(CamundaClient client, Map<Long, Integer> failures, Map<Long, Long> instanceOfJob,
      AtomicInteger completed) {
    return client.newWorker().jobType("work").handler((jobs, job) -> {
      instanceOfJob.put(job.getKey(), job.getProcessInstanceKey());
      int n = ((Number) job.getVariablesAsMap().get("n")).intValue();
      boolean fail = n % 10 == 0 || (n % 3 == 0 && job.getRetries() == 3);
      if (fail) {
        jobs.newFailCommand(job.getKey()).retries(n % 10 == 0 ? 0 : job.getRetries() - 1)
            .errorMessage("failed on purpose (" + n + ")").send().join();
        failures.merge(job.getKey(), 1, Integer::sum);
        if (n % 10 == 0) {
          INCIDENTS.add(job.getProcessInstanceKey());
        }
      } else {
        jobs.newCompleteCommand(job.getKey()).send().join();
        completed.incrementAndGet();
      }
    }).pollInterval(Duration.ofMillis(100)).open();
  }

  private static long incidents() {
    return INCIDENTS.size();
  }

  private static CamundaClient client() {
    return CamundaClient.newClientBuilder().grpcAddress(URI.create(broker.gatewayAddress()))
        .preferRestOverGrpc(false).build();
  }

  private static long count(String sql) {
    Long value = db.sql(sql).query(Long.class).single();
    return value == null ? -1 : value;
  }
}
