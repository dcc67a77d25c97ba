package dev.miniflow.bench;

import dev.miniflow.engine.embedded.EmbeddedEngine;
import static org.assertj.core.api.Assertions.assertThat;

import dev.miniflow.MiniflowApplication;
import dev.miniflow.miniprogram.PackageInspector;
import dev.miniflow.miniprogram.PackageLimits;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.Concurrently;
import dev.miniflow.testing.SessionClient;
import dev.miniflow.testing.TestPackages;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.worker.JobWorker;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.intent.ProcessInstanceIntent;
import io.camunda.zeebe.protocol.record.value.BpmnElementType;
import io.camunda.zeebe.protocol.record.value.ProcessInstanceRecordValue;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Supplier;
import java.util.zip.ZipFile;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.util.FileSystemUtils;

/**
 * Miniflow's measured figures, each against a baseline run in the same process:
 * {@code mvn -pl app -Pbench test} (releases: {@code -Dbench.releases=N}, default 2000). Writes
 * {@code app/target/bench/results.md}. Not a test of the test command: figures, not verdicts.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MiniflowBenchmark {
  static final Path DIR = Path.of("target", "bench");
  static final int RELEASES = Integer.getInteger("bench.releases", 2000);
  static final List<String> ROWS = Collections.synchronizedList(new ArrayList<>());

  @Test
  @Order(1)
  void packageValidationThroughput() throws Exception {
    Path zip = BenchPackages.write(DIR.resolve("package-28mb.zip"), 28);
    long bytes = Files.size(zip);
    var inspector = new PackageInspector(PackageLimits.defaults());
    double baseline = median(9, () -> readAll(zip));
    double inspected = median(9, () -> { inspector.inspect(zip); return null; });
    row("Package validation (28 MB, incompressible)", mbPerSecond(bytes, inspected), mbPerSecond(bytes, baseline),
        baseline / inspected, "≥ 0.5", "java.util.zip reading every entry");
  }

  @Test
  @Order(2)
  void heapWhileValidatingA200MbPackage() throws Exception {
    Path zip = BenchPackages.write(DIR.resolve("package-200mb.zip"), 200);
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "-Xmx256m", "-cp", System.getProperty("java.class.path"),
        InspectInSmallHeap.class.getName(), zip.toString()).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes()).strip();
    assertThat(child.waitFor()).as(output).isZero();
    String[] last = output.lines().reduce((a, b) -> b).orElse("").split(" ");
    long peak = Long.parseLong(last[2]);
    row("Heap while validating 200 MB with -Xmx256m", String.format("passes, peak %.0f MB", peak / 1e6),
        String.format("%.0f MB package", Files.size(zip) / 1e6), (double) peak / Files.size(zip), "passes",
        "package size");
    Files.delete(zip);
  }

  @Test
  @Order(3)
  void releasePipelineTaskVisibilityAndQueue() throws Exception {
    double baseline = bareEngineReleases(RELEASES);
    System.out.printf("bare engine: %d releases in %.0f s%n", RELEASES, baseline);
    Path data = DIR.resolve("app");
    FileSystemUtils.deleteRecursively(data);
    try (ConfigurableApplicationContext app = new SpringApplicationBuilder(MiniflowApplication.class).run(
        "--server.port=0", "--miniflow.data-dir=" + data, "--miniflow.demo.password=bench-pass-1",
        "--miniflow.embedded.clean-data=true", "--logging.level.root=WARN")) {
      String base = "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
      // as the web UI calls the API: with a session, so no request pays for a password check
      ApiClient developer = SessionClient.logIn(base, "developer", "bench-pass-1").api();
      ApiClient reviewer = SessionClient.logIn(base, "reviewer", "bench-pass-1").api();
      ApiClient operator = SessionClient.logIn(base, "operator", "bench-pass-1").api();
      JdbcClient jdbc = app.getBean(JdbcClient.class);
      long ws = developer.workspaceId();
      long target = developer.defaultTargetAppId(ws);
      long setUp = System.nanoTime();
      List<Long> versions = parallel(RELEASES, i -> {
        long mp = developer.createMiniProgram(ws, "Bench " + i).id();
        return developer.upload(mp, "1.0.0", TestPackages.valid()).id();
      });

      System.out.printf("set-up of %d versions: %.0f s%n", RELEASES, (System.nanoTime() - setUp) / 1e9);
      EngineLog log = new EngineLog(app);
      // requesters, a reviewer and an operator at work at once, each acting on what has reached them
      long start = System.nanoTime();
      ExecutorService people = Executors.newFixedThreadPool(2);
      Future<?> reviews = people.submit(() -> review(reviewer, RELEASES));
      Future<?> rollouts = people.submit(() -> rollOut(jdbc, operator, RELEASES));
      parallel(RELEASES, i -> developer.post("/api/v1/releases", Map.of("versionId", versions.get(i),
          "targetAppId", target, "environment", "PRODUCTION")).releaseId());
      System.out.printf("requested: %.0f s%n", (System.nanoTime() - start) / 1e9);
      reviews.get();
      System.out.printf("reviewed: %.0f s%n", (System.nanoTime() - start) / 1e9);
      rollouts.get();
      people.shutdown();
      awaitCount(jdbc, "RELEASED", RELEASES);
      double seconds = (System.nanoTime() - start) / 1e9;
      row("Release pipeline (" + RELEASES + " releases: validate, review via the task API, bundle, publish, notify)",
          String.format("%.1f releases/s", RELEASES / seconds), String.format("%.1f releases/s", RELEASES / baseline),
          baseline / seconds, "≥ 0.5", "same BPMN, no-op workers on the bare engine");

      Thread.sleep(1500); // the monitor's projection of the engine's records catches up
      log.measure(RELEASES);
      List<Double> visible = jdbc.sql("""
              select extract(epoch from t.created_at - e.started_at) * 1000 from user_task t
              join element_instance e on e.process_instance_key = t.process_instance_key and e.element_id = t.element_id
              where t.process_id = 'release'""").query(Double.class).list();
      row("Task visibility (user task reached → in the queue), p50 / p95 / p99",
          String.format("%.1f / %.1f / %.1f ms", pct(visible, 50), pct(visible, 95), pct(visible, 99)),
          String.format("%.1f / %.1f / %.1f ms", pct(BARE_VISIBILITY, 50), pct(BARE_VISIBILITY, 95),
              pct(BARE_VISIBILITY, 99)),
          Math.max(pct(BARE_VISIBILITY, 95), 1) / Math.max(pct(visible, 95), 1), "p95 ≤ 100 ms",
          "user task reached → job at a no-op worker, bare engine");

      queueWithManyOpenTasks(jdbc, ws, reviewer);
    }
  }

  /**
   * What the embedded engine's in-memory log costs: records and heap that survives a full GC,
   * per release, between the start of the pipeline and its end. The README's memory figure and
   * the default warning size (EngineLogWatch.BYTES_PER_RECORD) come from this row.
   */
  static final class EngineLog {
    private final ConfigurableApplicationContext app;
    private final double records;
    private final long heap;

    EngineLog(ConfigurableApplicationContext app) {
      this.app = app;
      this.records = records();
      this.heap = retainedHeap();
    }

    void measure(int releases) {
      double perRelease = (records() - records) / releases;
      double bytesPerRelease = (double) (retainedHeap() - heap) / releases;
      row("Embedded engine log: records and retained heap per release (full GC before and after)",
          String.format("%.0f records, %.0f KB (%.0f bytes per record)", perRelease, bytesPerRelease / 1e3,
              bytesPerRelease / perRelease),
          "-", 1, "measured, no target", "-");
    }

    private double records() {
      app.getBean(dev.miniflow.engine.embedded.EmbeddedRecordFeed.class).catchUp();
      return app.getBean(io.micrometer.core.instrument.MeterRegistry.class)
          .get("miniflow.embedded.engine.log.records").gauge().value();
    }

    private static long retainedHeap() {
      for (int i = 0; i < 3; i++) {
        System.gc();
      }
      return java.lang.management.ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }
  }

  /** Approves release reviews as they reach the reviewer's queue, through the task API. */
  private static Void review(ApiClient reviewer, int n) throws Exception {
    int reviewed = 0;
    while (reviewed < n) {
      List<Long> ids = new ArrayList<>();
      reviewer.get("/api/v1/tasks?queue=AVAILABLE&process=release").body().forEach(t -> ids.add(t.get("id").asLong()));
      parallel(ids.size(), i -> reviewer.post("/api/v1/tasks/" + ids.get(i) + "/complete",
          Map.of("decision", "approve", "comment", "ok")).status());
      reviewed += ids.size();
      if (ids.isEmpty()) {
        Thread.sleep(20);
      }
    }
    return null;
  }

  /** Releases each approved release fully as soon as it is approved. */
  private static Void rollOut(JdbcClient jdbc, ApiClient operator, int n) throws Exception {
    java.util.Set<Long> done = java.util.concurrent.ConcurrentHashMap.newKeySet();
    while (done.size() < n) {
      List<Long> approved = jdbc.sql("select id from release where status = 'APPROVED' order by id")
          .query(Long.class).list().stream().filter(id -> !done.contains(id)).toList();
      parallel(approved.size(), i -> operator.post("/api/v1/releases/" + approved.get(i) + "/full").status() == 202
          ? done.add(approved.get(i)) : null);
      if (approved.isEmpty()) {
        Thread.sleep(20);
      }
    }
    return null;
  }

  /**
   * The queue rows: 200,000 open tasks, of which the reviewer's audience (their group
   * "reviewers" and their own name) holds 100,000, half each, so "unassigned in my groups" merges
   * two ordered ranges; the other 100,000 are in 48 groups they are not in. Every timed call is
   * checked: 200, a full page of 25, and the next-page header until the last page read.
   */
  private void queueWithManyOpenTasks(JdbcClient jdbc, long ws, ApiClient reviewer) {
    jdbc.sql("""
            insert into user_task(job_key, process_instance_key, process_id, element_id, name, workspace_id, subject,
              initiator, candidate_groups, candidate_users, audience, state, created_at, priority)
            select -n, -n, 'release', 'ReviewRelease', 'Review release', :ws, 'Load ' || n, 'developer',
              case when n % 4 = 0 then array['reviewers'] when n % 4 = 1 then '{}'::text[] else array[g] end,
              case when n % 4 = 1 then array['reviewer'] else '{}'::text[] end,
              case when n % 4 = 0 then array[:ws || ':reviewers'] when n % 4 = 1 then array[:ws || ':user:reviewer']
                else array[:ws || ':' || g] end,
              'OPEN', now() - make_interval(secs => n), 50
            from generate_series(1, 200000) n,
              lateral (select 'group-' || (n % 48) as g) grp""")
        .param("ws", ws).update();
    jdbc.sql("analyze user_task").update();
    jdbc.sql("analyze task_candidate").update();
    for (int i = 0; i < 50; i++) {
      page(reviewer, "/api/v1/tasks?queue=AVAILABLE", true);
      reviewer.get("/api/v1/workspaces");
    }
    List<Double> queue = new ArrayList<>();
    List<Double> trivial = new ArrayList<>();
    for (int i = 0; i < 300; i++) {
      int page = i % 5;
      queue.add(timeMs(() -> page(reviewer, "/api/v1/tasks?queue=AVAILABLE&page=" + page, true)));
      trivial.add(timeMs(() -> reviewer.get("/api/v1/workspaces")));
    }
    row("\"Unassigned in my groups\" API, first 5 pages, 100,000 of 200,000 open tasks in the reader's group and"
        + " name, p50 / p95", String.format("%.1f / %.1f ms", pct(queue, 50), pct(queue, 95)),
        String.format("%.1f / %.1f ms", pct(trivial, 50), pct(trivial, 95)),
        pct(trivial, 95) / pct(queue, 95), "p95 ≤ 20 ms", "GET /api/v1/workspaces (one small query)");

    // reading the queue to page 400 (10,000 tasks deep) following X-Next-After, against page numbers there
    List<Double> keyset = new ArrayList<>();
    String[] after = {null};
    for (int page = 0; page < 400; page++) {
      String path = "/api/v1/tasks?queue=AVAILABLE" + (after[0] == null ? "" : "&after=" + after[0]);
      keyset.add(timeMs(() -> after[0] = page(reviewer, path, true)));
    }
    List<Double> numbered = new ArrayList<>();
    for (int page = 300; page < 400; page += 5) {
      int p = page;
      numbered.add(timeMs(() -> page(reviewer, "/api/v1/tasks?queue=AVAILABLE&page=" + p, true)));
    }
    row("Reading that queue to page 400 (10,000 tasks deep), next page by keyset (`after`), p50 / p95",
        String.format("%.1f / %.1f ms", pct(keyset, 50), pct(keyset, 95)),
        String.format("%.1f / %.1f ms", pct(numbered, 50), pct(numbered, 95)),
        pct(numbered, 95) / pct(keyset, 95), "as fast as page 1", "pages 300 to 395 by page number");
  }

  /** One page of a queue, checked as the row says it is read. @return its next-page position */
  private static String page(ApiClient reader, String path, boolean full) {
    var reply = reader.exchange(path);
    if (!reply.getStatusCode().is2xxSuccessful() || reply.getBody() == null
        || full && reply.getBody().size() != 25) {
      throw new IllegalStateException(path + " answered " + reply.getStatusCode() + " with "
          + (reply.getBody() == null ? 0 : reply.getBody().size()) + " tasks, not a full page of 25");
    }
    String next = reply.getHeaders().getFirst("X-Next-After");
    if (full && next == null) {
      throw new IllegalStateException(path + " has no next page: the queue is shallower than the row says");
    }
    return next;
  }

  /** Bare engine: when each user-task job reached its no-op worker, by element instance key. */
  static final Map<Long, Long> BARE_TASK_RECEIVED = new java.util.concurrent.ConcurrentHashMap<>();
  static final List<Double> BARE_VISIBILITY = Collections.synchronizedList(new ArrayList<>());

  /** The release BPMN on a bare in-process engine, every job completed at once: how fast the engine alone goes. */
  private static double bareEngineReleases(int n) throws Exception {
    ZeebeTestEngine engine = EmbeddedEngine.create(DIR.resolve("bare-engine")); // the engine Miniflow embeds
    engine.start();
    try (CamundaClient client = CamundaClient.newClientBuilder()
        .grpcAddress(URI.create("http://" + dev.miniflow.engine.embedded.EmbeddedEngine.gatewayAddress(engine)))
        .preferRestOverGrpc(false).build()) {
      var deploy = client.newDeployResourceCommand().addResourceFromClasspath("bpmn/release.bpmn");
      for (String form : List.of("release-review", "access-review", "removal-review", "rectification-review")) {
        deploy = deploy.addResourceFromClasspath("forms/" + form + ".form");
      }
      deploy.send().join();
      List<JobWorker> workers = new ArrayList<>();
      Map<String, Map<String, Object>> outputs = Map.of(
          // what Miniflow's validate step returns, the review's due date and timers included
          "release.validate", Map.of("reviewRequired", true, "autoRelease", false, "subject", "bench",
              "reviewDueAt", java.time.Instant.now().plus(Duration.ofDays(2)).toString(), "reviewRemindIn", "PT40H",
              "reviewDueIn", "PT48H", "priority", 50),
          "io.camunda.zeebe:userTask", Map.of("decision", "approve", "comment", "ok", "completedBy", "bench"),
          "release.roll-out", Map.of("released", true));
      for (String type : List.of("release.validate", "io.camunda.zeebe:userTask", "release.record-decision",
          "release.package", "release.notify", "release.roll-out")) {
        workers.add(client.newWorker().jobType(type).handler((jobs, job) -> {
          if (type.equals("io.camunda.zeebe:userTask")) {
            BARE_TASK_RECEIVED.put(job.getElementInstanceKey(), System.currentTimeMillis());
          }
          if (job.getElementId().equals("NotifyApproved")) {
            client.newPublishMessageCommand().messageName("release-rollout-requested")
                .correlationKey(String.valueOf(job.getVariablesAsMap().get("releaseId")))
                .timeToLive(Duration.ofMinutes(5)).send();
          }
          jobs.newCompleteCommand(job).variables(outputs.getOrDefault(type, Map.of())).send();
        }).maxJobsActive(64).streamEnabled(true).open());
      }
      long start = System.nanoTime();
      parallel(n, i -> client.newCreateInstanceCommand().bpmnProcessId("release").latestVersion()
          .variables(Map.of("releaseIds", List.of(i + 1), "workspaceId", 1, "requester", "bench")).send().join()
          .getProcessInstanceKey());
      @SuppressWarnings("unchecked")
      List<Record<?>> records = (List<Record<?>>) engine.getRecordStreamSource().getRecords();
      while (completedProcesses(records) < n) {
        Thread.sleep(100);
        records = (List<Record<?>>) engine.getRecordStreamSource().getRecords();
      }
      double seconds = (System.nanoTime() - start) / 1e9;
      workers.forEach(JobWorker::close);
      synchronized (records) {
        for (Record<?> record : records) {
          if (record.getIntent() == ProcessInstanceIntent.ELEMENT_ACTIVATING
              && record.getValue() instanceof ProcessInstanceRecordValue value
              && value.getBpmnElementType() == BpmnElementType.USER_TASK
              && BARE_TASK_RECEIVED.containsKey(record.getKey())) {
            BARE_VISIBILITY.add((double) (BARE_TASK_RECEIVED.get(record.getKey()) - record.getTimestamp()));
          }
        }
      }
      return seconds;
    } finally {
      EmbeddedEngine.stop(engine);
    }
  }

  private static long completedProcesses(List<Record<?>> records) {
    long count = 0;
    synchronized (records) {
      for (Record<?> record : records) {
        if (record.getIntent() == ProcessInstanceIntent.ELEMENT_COMPLETED
            && record.getValue() instanceof ProcessInstanceRecordValue value
            && value.getBpmnElementType() == BpmnElementType.PROCESS) {
          count++;
        }
      }
    }
    return count;
  }

  private static void awaitCount(JdbcClient jdbc, String status, int n) throws InterruptedException {
    long deadline = System.nanoTime() + Duration.ofMinutes(8).toNanos();
    while (jdbc.sql("select count(*) from release where status = :s").param("s", status).query(Long.class)
        .single() < n) {
      if (System.nanoTime() > deadline) {
        throw new AssertionError("Not all releases reached " + status);
      }
      Thread.sleep(50);
    }
  }

  private static <T> List<T> parallel(int n, java.util.function.Function<Integer, T> step) throws Exception {
    return Concurrently.map(n, 4, step);
  }

  private static Object readAll(Path zip) throws IOException {
    byte[] buffer = new byte[64 * 1024];
    try (ZipFile file = new ZipFile(zip.toFile())) {
      for (var entries = file.entries(); entries.hasMoreElements();) {
        try (InputStream in = file.getInputStream(entries.nextElement())) {
          while (in.read(buffer) > 0) {
            // only reading
          }
        }
      }
    }
    return null;
  }

  interface Timed {
    Object run() throws Exception;
  }

  private static double median(int runs, Timed work) throws Exception {
    work.run(); // warm-up
    List<Double> seconds = new ArrayList<>();
    for (int i = 0; i < runs; i++) {
      long start = System.nanoTime();
      work.run();
      seconds.add((System.nanoTime() - start) / 1e9);
    }
    return pct(seconds, 50);
  }

  private static double timeMs(Supplier<?> call) {
    long start = System.nanoTime();
    call.get();
    return (System.nanoTime() - start) / 1e6;
  }

  private static double pct(List<Double> values, int percentile) {
    List<Double> sorted = new ArrayList<>(values);
    Collections.sort(sorted);
    if (sorted.isEmpty()) {
      return Double.NaN;
    }
    int index = (int) Math.ceil(percentile / 100.0 * sorted.size()) - 1;
    return sorted.get(Math.max(0, Math.min(index, sorted.size() - 1)));
  }

  private static String mbPerSecond(long bytes, double seconds) {
    return String.format("%.0f MB/s", bytes / 1e6 / seconds);
  }

  private static void row(String figure, String value, String baseline, double ratio, String target,
      String baselineIs) {
    ROWS.add("| " + figure + " | " + value + " | " + baseline + " (" + baselineIs + ") | "
        + String.format("%.2f", ratio) + " | " + target + " |");
  }

  @AfterAll
  static void write() throws IOException {
    String table = "| figure | Miniflow | baseline | ratio | target |\n| --- | --- | --- | --- | --- |\n"
        + String.join("\n", ROWS) + "\n";
    String text = "# Miniflow benchmark\n\n" + Runtime.getRuntime().availableProcessors() + " cores, Java "
        + Runtime.version() + ", " + java.time.LocalDate.now() + "\n\n" + table;
    Files.createDirectories(DIR);
    Files.writeString(DIR.resolve("results.md"), text);
    System.out.println(text);
  }
}
