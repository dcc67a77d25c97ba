package dev.miniflow.bench;

import dev.miniflow.engine.embedded.EmbeddedInfrastructure;
import static org.assertj.core.api.Assertions.assertThat;

import dev.miniflow.MiniflowApplication;
import dev.miniflow.miniprogram.PackageInspector;
import dev.miniflow.miniprogram.PackageLimits;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.Concurrently;
import dev.miniflow.testing.ExternalMiniflow;
import dev.miniflow.testing.SessionClient;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.ZeebeBroker;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
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
  /** Releases each side runs before it is measured (JIT, caches, connection pools). */
  static final int WARM_UP = Integer.getInteger("bench.warmup", 200);
  /** Miniflow runs, each between two baseline runs: A/B/A, A/B/A/B/A, … */
  static final int ROUNDS = Integer.getInteger("bench.rounds", 1);
  /** Releases of the visibility run at a steady pace, a third of the pipeline's throughput. */
  static final int PACED = Integer.getInteger("bench.paced", 300);
  /** The pace of that run, once Miniflow's throughput is known, and what each side saw in it. */
  private static Duration pace;
  private static final List<Double> PACED_VISIBILITY = new ArrayList<>();
  private static final List<Double> PACED_BARE_VISIBILITY = new ArrayList<>();
  /** -Dbench.large: the large-scale rows (a million open tasks in 500 groups, 100,000 finished releases). */
  static final boolean LARGE = Boolean.getBoolean("bench.large");
  /** Finished releases written into the database before a second timed run (0: no history rows). */
  static final int HISTORY = Integer.getInteger("bench.history", LARGE ? 100_000 : 0);
  static final int QUEUE_TASKS = Integer.getInteger("bench.queue.tasks", LARGE ? 1_000_000 : 200_000);
  /** The real-broker rows (-Dbench.broker=true, or with the large ones): releases timed, and warmed up on, per side. */
  static final boolean BROKER = Boolean.parseBoolean(System.getProperty("bench.broker", String.valueOf(LARGE)));
  static final int BROKER_RELEASES = Integer.getInteger("bench.broker.releases", 1000);
  static final int BROKER_WARM_UP = Integer.getInteger("bench.broker.warmup", 100);
  static final int QUEUE_GROUPS = Integer.getInteger("bench.queue.groups", LARGE ? 500 : 50);
  static final List<String> ROWS = Collections.synchronizedList(new ArrayList<>());

  @Test
  @Order(1)
  void packageValidationThroughput() throws Exception {
    Path zip = BenchPackages.write(DIR.resolve("package-28mb.zip"), 28);
    validation("Package validation (28 MB in 1 MB incompressible entries)", zip);
    Path small = BenchPackages.writeSmallFiles(DIR.resolve("package-9000-files.zip"), 9000);
    validation("Package validation (9,000 files of about 2 KB of script)", small);
  }

  private static void validation(String figure, Path zip) throws Exception {
    long bytes = Files.size(zip);
    var inspector = new PackageInspector(PackageLimits.defaults());
    double baseline = median(9, () -> readAll(zip));
    double inspected = median(9, () -> { inspector.inspect(zip); return null; });
    row(figure + ", " + String.format("%.1f MB", bytes / 1e6), mbPerSecond(bytes, inspected),
        mbPerSecond(bytes, baseline), baseline / inspected, "≥ 0.5", "java.util.zip reading every entry");
  }

  /** The largest package the default limits allow, validated in a 64 MB heap. */
  @Test
  @Order(2)
  void heapWhileValidatingTheLargestAllowedPackage() throws Exception {
    Path zip = DIR.resolve("package-28mb.zip");
    String java = ProcessHandle.current().info().command().orElse("java");
    Process child = new ProcessBuilder(java, "-Xmx64m", "-cp", System.getProperty("java.class.path"),
        InspectInSmallHeap.class.getName(), zip.toString()).redirectErrorStream(true).start();
    String output = new String(child.getInputStream().readAllBytes()).strip();
    assertThat(child.waitFor()).as(output).isZero();
    String[] last = output.lines().reduce((a, b) -> b).orElse("").split(" ");
    long peak = Long.parseLong(last[2]);
    row("Heap while validating the largest package the default limits allow (28 of 30 MB) with -Xmx64m",
        String.format("passes, peak %.0f MB", peak / 1e6), String.format("%.0f MB package", Files.size(zip) / 1e6),
        (double) peak / Files.size(zip), "passes", "package size");
  }

  @Test
  @Order(3)
  void releasePipelineTaskVisibilityAndQueue() throws Exception {
    // one in-process engine at a time in a JVM: the bare engine and Miniflow take turns, A/B/A
    // (and further B/A rounds with -Dbench.rounds), each side warmed up alike before it is timed
    List<Double> bareRates = new ArrayList<>();
    List<Double> rates = new ArrayList<>();
    List<Double> bareVisibility = new ArrayList<>();
    List<Double> visibility = new ArrayList<>();
    bareRound(bareRates, bareVisibility);
    for (int round = 1; round <= ROUNDS; round++) {
      boolean last = round == ROUNDS;
      Pipeline.Run b = miniflowRound(last);
      rates.add(RELEASES / b.seconds());
      visibility.addAll(b.visibilityMs());
      if (last) {
        pace = Duration.ofNanos((long) (3e9 / rates.getLast()));
      }
      bareRound(bareRates, bareVisibility);
      System.out.printf("round %d: Miniflow %.1f releases/s, bare engine %s%n", round, rates.getLast(), bareRates);
    }
    row("Release pipeline (" + RELEASES + " releases: request, validate, review via the task API, bundle, publish,"
        + " notify, to the process instance's completion), median [range] of " + ROUNDS + " Miniflow and "
        + bareRates.size() + " baseline runs, A/B/A",
        String.format("%.1f [%.1f–%.1f] releases/s", median(rates), min(rates), max(rates)),
        String.format("%.1f [%.1f–%.1f] releases/s", median(bareRates), min(bareRates), max(bareRates)),
        median(rates) / median(bareRates), "≥ 0.8", "same BPMN, no-op workers on the bare engine, warmed up alike");
    row("Task visibility (user task reached → first returned by the queue API), p50 / p95 / p99",
        String.format("%.1f / %.1f / %.1f ms", pct(visibility, 50), pct(visibility, 95), pct(visibility, 99)),
        String.format("%.1f / %.1f / %.1f ms", pct(bareVisibility, 50), pct(bareVisibility, 95),
            pct(bareVisibility, 99)),
        Math.max(pct(bareVisibility, 95), 1) / Math.max(pct(visibility, 95), 1), "p95 ≤ 20 ms",
        "user task reached → job at a no-op worker, bare engine");
    if (PACED > 0) {
      row("Task visibility at a steady " + String.format("%.1f", 1e9 / pace.toNanos()) + " releases/s (a third of"
          + " the pipeline's throughput; " + PACED + " releases), p50 / p95 / p99", percentiles(PACED_VISIBILITY),
          percentiles(PACED_BARE_VISIBILITY), Math.max(pct(PACED_BARE_VISIBILITY, 95), 1)
              / Math.max(pct(PACED_VISIBILITY, 95), 1),
          "p95 ≤ 20 ms",
          "the bare engine at the same pace");
    }
  }

  /**
   * The same pipeline on one node of the real broker distribution, Miniflow on its external profile
   * (in this JVM) with its exporter feeding a real PostgreSQL, against no-op workers on the same
   * broker: A/B/A, both timed to completion by the record timestamps the exporter projected.
   */
  @Test
  @Order(4)
  void releasePipelineOnARealBroker() throws Exception {
    String figure = "Release pipeline on one real broker (" + BROKER_RELEASES + " releases), A/B/A";
    if (!BROKER) {
      return;
    }
    if (!ZeebeBroker.available() || !Files.isRegularFile(ZeebeBroker.EXPORTER_JAR)) {
      row(figure, "not run: no broker distribution or exporter jar (build with mvn verify first)", "-", 0, "≥ 0.8",
          "-");
      return;
    }
    Path dir = DIR.resolve("real-broker");
    FileSystemUtils.deleteRecursively(dir);
    try (EmbeddedPostgres postgres = EmbeddedPostgres.builder().setDataDirectory(dir.resolve("postgres")).start()) {
      String url = postgres.getJdbcUrl("postgres", "postgres");
      Map<String, String> settings =
          new java.util.HashMap<>(ZeebeBroker.exporter(url, "postgres", "postgres", Map.of()));
      // measured: both compilers, as a broker runs in production (the tests' brokers use the quick one only)
      settings.put("JAVA_OPTS", ZeebeBroker.JVM_OPTIONS);
      try (ZeebeBroker broker = ZeebeBroker.single(dir.resolve("broker"), settings).start()) {
        broker.awaitHealthy(Duration.ofMinutes(3));
        JdbcClient db = JdbcClient.create(postgres.getPostgresDatabase());
        EngineTimes projected = new ProjectedTimes(db, "release");
        List<Long> versions;
        try (ConfigurableApplicationContext app = external(url, broker, dir)) {
          ApiClient admin = SessionClient.logIn(baseOf(app), "admin", ExternalMiniflow.PASSWORD).api();
          ExternalMiniflow.seedUsers(db, admin.workspaceId());
          ApiClient developer = SessionClient.logIn(baseOf(app), "developer", ExternalMiniflow.PASSWORD).api();
          long ws = developer.workspaceId();
          versions = parallel(BROKER_WARM_UP + BROKER_RELEASES + PACED, i -> {
            long mp = developer.createMiniProgram(ws, "Broker bench " + i).id();
            return developer.upload(mp, "1.0.0", TestPackages.valid()).id();
          });
        }
        List<Double> bareRates = new ArrayList<>();
        List<Double> bareVisibility = new ArrayList<>();
        bareOnBroker(broker, projected, 10_000_000, bareRates, bareVisibility, null, null);
        Pipeline.Run run;
        Pipeline.Run steady = null;
        Duration brokerPace; // a third of Miniflow's throughput on this broker, for its steady-pace row
        try (ConfigurableApplicationContext app = external(url, broker, dir)) {
          ApiClient developer = SessionClient.logIn(baseOf(app), "developer", ExternalMiniflow.PASSWORD).api();
          Pipeline pipeline = new Pipeline(developer,
              SessionClient.logIn(baseOf(app), "reviewer", ExternalMiniflow.PASSWORD).api(),
              SessionClient.logIn(baseOf(app), "operator", ExternalMiniflow.PASSWORD).api(), db,
              () -> postgres.getPostgresDatabase().getConnection(),
              developer.defaultTargetAppId(developer.workspaceId()), projected);
          pipeline.run(versions.subList(0, BROKER_WARM_UP));
          run = pipeline.run(versions.subList(BROKER_WARM_UP, BROKER_WARM_UP + BROKER_RELEASES));
          brokerPace = Duration.ofNanos((long) (3e9 * run.seconds() / BROKER_RELEASES));
          if (PACED > 0) {
            steady = pipeline.run(versions.subList(BROKER_WARM_UP + BROKER_RELEASES, versions.size()), brokerPace);
          }
        }
        List<Double> bareSteady = new ArrayList<>();
        bareOnBroker(broker, projected, 20_000_000, bareRates, bareVisibility, brokerPace, bareSteady);
        double rate = BROKER_RELEASES / run.seconds();
        row(figure, String.format("%.1f releases/s", rate), String.format("%.1f [%.1f–%.1f] releases/s",
            median(bareRates), min(bareRates), max(bareRates)), rate / median(bareRates), "≥ 0.8",
            "same BPMN, no-op workers on the same broker, warmed up alike");
        List<Double> visibility = run.visibilityMs();
        row("Task visibility on the real broker (user task reached → first returned by the queue API), p50 / p95 / p99",
            percentiles(visibility), percentiles(bareVisibility),
            Math.max(pct(bareVisibility, 95), 1) / Math.max(pct(visibility, 95), 1), "p95 ≤ 50 ms",
            "user task reached → job at a no-op worker on the same broker");
        if (steady != null) {
          row("Task visibility on the real broker at a steady " + String.format("%.1f", 1e9 / brokerPace.toNanos())
              + " releases/s (a third of its pipeline's throughput; " + PACED + " releases), p50 / p95 / p99",
              percentiles(steady.visibilityMs()), percentiles(bareSteady),
              Math.max(pct(bareSteady, 95), 1) / Math.max(pct(steady.visibilityMs(), 95), 1), "p95 ≤ 50 ms",
              "no-op workers on the same broker at the same pace");
        }
      }
    }
  }

  /** @param steadyPace with {@code steady}: also {@link #PACED} releases at this pace, their visibility into it */
  private static void bareOnBroker(ZeebeBroker broker, EngineTimes projected, int firstReleaseId, List<Double> rates,
      List<Double> visibility, Duration steadyPace, List<Double> steady) throws Exception {
    try (BareEngine bare = BareEngine.onBroker(broker.gatewayAddress(), projected, firstReleaseId)) {
      bare.run(BROKER_WARM_UP);
      BareEngine.Run run = bare.run(BROKER_RELEASES);
      rates.add(BROKER_RELEASES / run.seconds());
      visibility.addAll(run.visibilityMs());
      if (steadyPace != null && PACED > 0) {
        steady.addAll(bare.run(PACED, steadyPace).visibilityMs());
      }
    }
  }

  /** Miniflow on its external profile, in this JVM, as the README's self-managed set-up runs it. */
  private static ConfigurableApplicationContext external(String jdbcUrl, ZeebeBroker broker, Path dir) {
    return new SpringApplicationBuilder(MiniflowApplication.class).run("--spring.profiles.active=external",
        "--server.port=0", "--logging.level.root=WARN", "--spring.datasource.url=" + jdbcUrl,
        "--spring.datasource.username=postgres", "--spring.datasource.password=postgres",
        "--camunda.client.grpc-address=" + broker.gatewayAddress(), "--miniflow.data-dir=" + dir.resolve("app"),
        "--miniflow.admin.password=" + ExternalMiniflow.PASSWORD, "--miniflow.signing-key=bench-signing-key",
        "--miniflow.passwords.bcrypt-strength=4");
  }

  private static String baseOf(ConfigurableApplicationContext app) {
    return "http://localhost:" + app.getEnvironment().getProperty("local.server.port");
  }

  private static void bareRound(List<Double> rates, List<Double> visibility) throws Exception {
    Path dir = DIR.resolve("bare-engine");
    FileSystemUtils.deleteRecursively(dir);
    try (BareEngine bare = BareEngine.embedded(dir)) {
      bare.run(WARM_UP);
      CpuTime cpu = CpuTime.now();
      BareEngine.Run run = bare.run(RELEASES);
      BARE_CPU.add(CpuTime.now().since(cpu));
      rates.add(RELEASES / run.seconds());
      visibility.addAll(run.visibilityMs());
      if (pace != null && PACED > 0 && PACED_BARE_VISIBILITY.isEmpty()) {
        PACED_BARE_VISIBILITY.addAll(bare.run(PACED, pace).visibilityMs());
      }
    }
  }

  /** Miniflow on its embedded default, warmed up, then timed; the last round also measures where time goes and the queues. */
  private Pipeline.Run miniflowRound(boolean last) throws Exception {
    Path data = DIR.resolve("app");
    FileSystemUtils.deleteRecursively(data);
    List<String> args = new ArrayList<>(List.of("--server.port=0", "--miniflow.data-dir=" + data,
        "--miniflow.demo.password=bench-pass-1", "--miniflow.embedded.clean-data=true", "--logging.level.root=WARN"));
    // settings to try, e.g. -Dbench.app.args="--camunda.client.execution-threads=16"
    args.addAll(List.of(System.getProperty("bench.app.args", "").split(" +")).stream().filter(a -> !a.isBlank())
        .toList());
    try (ConfigurableApplicationContext app =
        new SpringApplicationBuilder(MiniflowApplication.class).run(args.toArray(String[]::new))) {
      String base = baseOf(app);
      // as the web UI calls the API: with a session, so no request pays for a password check
      ApiClient developer = SessionClient.logIn(base, "developer", "bench-pass-1").api();
      ApiClient reviewer = SessionClient.logIn(base, "reviewer", "bench-pass-1").api();
      ApiClient operator = SessionClient.logIn(base, "operator", "bench-pass-1").api();
      JdbcClient jdbc = app.getBean(JdbcClient.class);
      long ws = developer.workspaceId();
      long target = developer.defaultTargetAppId(ws);
      long setUp = System.nanoTime();
      List<Long> versions = parallel(WARM_UP + RELEASES * (last && HISTORY > 0 ? 2 : 1) + (last ? PACED : 0), i -> {
        long mp = developer.createMiniProgram(ws, "Bench " + i).id();
        return developer.upload(mp, "1.0.0", TestPackages.valid()).id();
      });
      System.out.printf("set-up of %d versions: %.0f s%n", versions.size(), (System.nanoTime() - setUp) / 1e9);
      // the watcher's own connection, outside the app's pool
      var pool = app.getBean(javax.sql.DataSource.class).unwrap(com.zaxxer.hikari.HikariDataSource.class);
      Pipeline pipeline = new Pipeline(developer, reviewer, operator, jdbc,
          () -> java.sql.DriverManager.getConnection(pool.getJdbcUrl(), pool.getUsername(), pool.getPassword()), target,
          new EngineRecords(app.getBean(EmbeddedInfrastructure.ENGINE_BEAN, ZeebeTestEngine.class), "release"));
      pipeline.run(versions.subList(0, WARM_UP));
      EngineLog log = new EngineLog(app);
      WorkerTimes workers = new WorkerTimes(app.getBean(io.micrometer.core.instrument.MeterRegistry.class));
      CpuTime cpu = CpuTime.now();
      System.out.printf("timed run starts %s%n", java.time.Instant.now());
      Pipeline.Run run = pipeline.run(versions.subList(WARM_UP, WARM_UP + RELEASES));
      System.out.printf("timed run ends %s%n", java.time.Instant.now());
      CPU.add(CpuTime.now().since(cpu));
      if (last) {
        row("Where a release's time goes (timed run): worker time per job, mean, and CPU per release (the"
            + " benchmark's own clients included)", workers.since() + "; CPU " + CPU.getLast().perRelease(RELEASES),
            "CPU " + BARE_CPU.getLast().perRelease(RELEASES) + " on the bare engine", 1, "measured, no target",
            "-");
        log.measure(RELEASES);
        // latency is a matter of load: at the pipeline's limit every step queues, so visibility is also taken
        // where people would run it, well below that limit
        if (PACED > 0) {
          List<Long> paced = versions.subList(versions.size() - PACED, versions.size());
          WorkerTimes pacedWorkers = new WorkerTimes(app.getBean(io.micrometer.core.instrument.MeterRegistry.class));
          Pipeline.Run steady = pipeline.run(paced, Duration.ofNanos((long) (3e9 * run.seconds() / RELEASES)));
          PACED_VISIBILITY.addAll(steady.visibilityMs());
          List<Double> rest = new ArrayList<>();
          for (int i = 0; i < steady.visibilityMs().size(); i++) {
            rest.add(steady.visibilityMs().get(i) - steady.pickUpMs().get(i));
          }
          row("Task visibility at a steady pace, split: user task reached → the intake's transaction began"
              + " (user_task.created_at), p50 / p95 / p99; the rest (intake, commit, notice, queue API read);"
              + " worker time per job, mean",
              percentiles(steady.pickUpMs()) + "; " + percentiles(rest) + "; "
                  + pacedWorkers.since(),
              "-", 1, "measured, no target", "-");
        }
        if (HISTORY > 0) {
          withHistory(app, base, jdbc, ws, target, pipeline, run,
              versions.subList(WARM_UP + RELEASES, versions.size() - PACED));
        }
        queueWithManyOpenTasks(jdbc, ws, reviewer);
      }
      return run;
    }
  }

  /**
   * The history rows: {@link #HISTORY} finished releases written straight into the database, then
   * the analytics dashboard and the monitor's instance list read over them, and the pipeline timed
   * again against the run on the (nearly) empty database just before.
   */
  private static void withHistory(ConfigurableApplicationContext app, String base, JdbcClient jdbc, long ws,
      long target, Pipeline pipeline, Pipeline.Run empty, List<Long> versions) throws Exception {
    long seeding = System.nanoTime();
    History.seed(jdbc, ws, target, Collections.min(versions) - 1, HISTORY);
    System.out.printf("history of %d releases written in %.0f s%n", HISTORY, (System.nanoTime() - seeding) / 1e9);
    ApiClient admin = SessionClient.logIn(base, "admin", "bench-pass-1").api();
    String dashboard = "/api/v1/workspaces/" + ws + "/analytics";
    String instances = "/api/v1/monitor/instances?process=release";
    for (int i = 0; i < 5; i++) {
      checked(admin, dashboard);
      checked(admin, instances);
    }
    List<Double> dashboards = new ArrayList<>();
    List<Double> lists = new ArrayList<>();
    List<Double> trivial = new ArrayList<>();
    for (int i = 0; i < 50; i++) {
      String page = instances + "&page=" + (i % 5);
      dashboards.add(timeMs(() -> checked(admin, dashboard)));
      lists.add(timeMs(() -> checked(admin, page)));
      trivial.add(timeMs(() -> checked(admin, "/api/v1/workspaces")));
    }
    String history = String.format("%,d", HISTORY) + " finished releases in the period";
    row("Analytics dashboard API over " + history + ", p50 / p95 / p99", percentiles(dashboards),
        percentiles(trivial), pct(trivial, 95) / pct(dashboards, 95), "p95 ≤ 100 ms", "GET /api/v1/workspaces");
    row("Monitor instance list API (first 5 pages) over " + history + ", p50 / p95 / p99", percentiles(lists),
        percentiles(trivial), pct(trivial, 95) / pct(lists, 95), "p95 ≤ 100 ms", "GET /api/v1/workspaces");
    Pipeline.Run full = pipeline.run(versions);
    row("Release pipeline with " + String.format("%,d", HISTORY) + " finished releases already in the database",
        String.format("%.1f releases/s", versions.size() / full.seconds()),
        String.format("%.1f releases/s", RELEASES / empty.seconds()),
        (versions.size() / full.seconds()) / (RELEASES / empty.seconds()), "≥ 0.9",
        "the timed run just before, on the database without that history");
  }

  private static Object checked(ApiClient reader, String path) {
    var reply = reader.getText(path);
    if (!reply.getStatusCode().is2xxSuccessful()) {
      throw new IllegalStateException(path + " answered " + reply.getStatusCode() + ": " + reply.getBody());
    }
    return reply.getBody();
  }

  private static String percentiles(List<Double> values) {
    return String.format("%.1f / %.1f / %.1f ms", pct(values, 50), pct(values, 95), pct(values, 99));
  }

  static final List<CpuTime> CPU = new ArrayList<>();
  static final List<CpuTime> BARE_CPU = new ArrayList<>();

  /** Worker time per job type between a start and now, from the workers' own timers. */
  static final class WorkerTimes {
    private final io.micrometer.core.instrument.MeterRegistry registry;
    private final Map<String, double[]> start = new java.util.TreeMap<>();

    WorkerTimes(io.micrometer.core.instrument.MeterRegistry registry) {
      this.registry = registry;
      start.putAll(totals());
    }

    private Map<String, double[]> totals() {
      Map<String, double[]> totals = new java.util.TreeMap<>();
      for (var timer : registry.find("miniflow.worker.job").timers()) {
        double[] sum = totals.computeIfAbsent(timer.getId().getTag("type"), t -> new double[2]);
        sum[0] += timer.count();
        sum[1] += timer.totalTime(java.util.concurrent.TimeUnit.MILLISECONDS);
      }
      return totals;
    }

    String since() {
      List<String> parts = new ArrayList<>();
      var acquire = registry.find("hikaricp.connections.acquire").timer();
      if (acquire != null) {
        parts.add(String.format("waiting for a database connection %.2f ms a time (max %.0f ms)",
            acquire.mean(java.util.concurrent.TimeUnit.MILLISECONDS),
            acquire.max(java.util.concurrent.TimeUnit.MILLISECONDS)));
      }
      totals().forEach((type, now) -> {
        double[] then = start.getOrDefault(type, new double[2]);
        double count = now[0] - then[0];
        if (count > 0) {
          parts.add(String.format("%s %.1f ms", type.replace("release.", ""), (now[1] - then[1]) / count));
        }
      });
      return String.join(", ", parts);
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

  /**
   * The queue rows: {@link #QUEUE_TASKS} open tasks in {@link #QUEUE_GROUPS} groups. The reader's
   * audience (their group "reviewers" and their own name) holds half of them, a quarter each, so
   * "unassigned in my groups" merges two ordered ranges; an eighth are claimed by the reader ("my
   * queue"); the rest are in groups they are not in. Every timed call is checked: 200, a full page
   * of 25, and the next-page header. Each queue is measured three times, to show it is stable.
   */
  private void queueWithManyOpenTasks(JdbcClient jdbc, long ws, ApiClient reviewer) {
    long seeding = System.nanoTime();
    jdbc.sql("""
            insert into user_task(job_key, process_instance_key, process_id, element_id, name, workspace_id, subject,
              initiator, candidate_groups, candidate_users, audience, assignee, state, created_at, priority)
            select -1000000000 - n, -1000000000 - n, 'release', 'ReviewRelease', 'Review release', :ws, 'Load ' || n,
              'developer',
              case when n % 4 = 0 then array['reviewers'] when n % 4 = 1 then '{}'::text[] else array[g] end,
              case when n % 4 = 1 then array['reviewer'] else '{}'::text[] end,
              case when n % 4 = 0 then array[:ws || ':reviewers'] when n % 4 = 1 then array[:ws || ':user:reviewer']
                else array[:ws || ':' || g] end,
              case when n % 8 = 2 then 'reviewer' end, case when n % 8 = 2 then 'CLAIMED' else 'OPEN' end,
              now() - make_interval(secs => n), 50
            from generate_series(1, :n) n,
              lateral (select 'group-' || (n % :groups) as g) grp""")
        .param("ws", ws).param("n", QUEUE_TASKS).param("groups", QUEUE_GROUPS - 1).update();
    jdbc.sql("analyze user_task").update();
    jdbc.sql("analyze task_candidate").update();
    System.out.printf("%,d open tasks written in %.0f s%n", QUEUE_TASKS, (System.nanoTime() - seeding) / 1e9);
    for (int i = 0; i < 50; i++) {
      page(reviewer, "/api/v1/tasks?queue=AVAILABLE", true);
      page(reviewer, "/api/v1/tasks?queue=MINE", true);
      reviewer.get("/api/v1/workspaces");
    }
    String scale = String.format("%,d open tasks in %d groups", QUEUE_TASKS, QUEUE_GROUPS);
    for (String queue : List.of("MINE", "AVAILABLE")) {
      List<String> runs = new ArrayList<>();
      List<Double> all = new ArrayList<>();
      List<Double> trivial = new ArrayList<>();
      for (int run = 0; run < 3; run++) {
        List<Double> times = new ArrayList<>();
        for (int i = 0; i < 300; i++) {
          int page = i % 5;
          times.add(timeMs(() -> page(reviewer, "/api/v1/tasks?queue=" + queue + "&page=" + page, true)));
          trivial.add(timeMs(() -> reviewer.get("/api/v1/workspaces")));
        }
        runs.add(String.format("%.1f", pct(times, 95)));
        all.addAll(times);
      }
      row((queue.equals("MINE") ? "\"My tasks\"" : "\"Unassigned in my groups\"") + " API, first 5 pages, " + scale
          + " (the reader's: " + (queue.equals("MINE") ? "an eighth claimed by them" : "half, in their group and name")
          + "), p50 / p95 / p99, and p95 of each of 3 runs",
          percentiles(all) + "; runs " + String.join(", ", runs)
              + " ms",
          percentiles(trivial), pct(trivial, 95) / pct(all, 95), "p95 ≤ 10 ms",
          "GET /api/v1/workspaces (one small query)");
    }

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
    row("Reading \"unassigned in my groups\" to page 400 (10,000 tasks deep), next page by keyset (`after`), p50 / p95",
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

  /** The middle value, or the mean of the two middle ones. */
  private static double median(List<Double> values) {
    List<Double> sorted = values.stream().sorted().toList();
    int n = sorted.size();
    return n % 2 == 1 ? sorted.get(n / 2) : (sorted.get(n / 2 - 1) + sorted.get(n / 2)) / 2;
  }

  private static double min(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).min().orElse(Double.NaN);
  }

  private static double max(List<Double> values) {
    return values.stream().mapToDouble(Double::doubleValue).max().orElse(Double.NaN);
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
