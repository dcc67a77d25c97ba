package dev.miniflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One node of the real Zeebe broker distribution from Maven Central ({@code io.camunda:camunda-zeebe},
 * unpacked by the build into {@code target/zeebe}), run as its own process on loopback with its
 * embedded gateway. Several nodes form a cluster.
 */
public final class ZeebeBroker implements AutoCloseable {
  /** The broker's heap and collector; the tests add {@link MiniflowProcess#QUICK_START}, the benchmark does not. */
  public static final String JVM_OPTIONS = "-Xms128m -Xmx512m -XX:+UseSerialGC";

  private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private static final Path DISTRIBUTION = Path.of(System.getProperty("zeebe.distribution",
      "target/zeebe/camunda-zeebe-8.6.0"));

  private final int nodeId;
  private final Map<String, String> environment;
  private final Path log;
  private final int monitoringPort;
  private final int gatewayPort;
  private Process process;

  private ZeebeBroker(int nodeId, Map<String, String> environment, Path log, int monitoringPort, int gatewayPort) {
    this.nodeId = nodeId;
    this.environment = environment;
    this.log = log;
    this.monitoringPort = monitoringPort;
    this.gatewayPort = gatewayPort;
  }

  /** Whether the build unpacked the distribution (it does in {@code mvn verify}). */
  public static boolean available() {
    return Files.isRegularFile(DISTRIBUTION.resolve("bin/broker"));
  }

  /** A single broker, one partition. */
  public static ZeebeBroker single(Path dataDir, Map<String, String> extra) {
    return cluster(dataDir, 1, 1, extra).getFirst();
  }

  /** {@code size} brokers on loopback, replication factor {@code size}, each knowing the others. */
  public static List<ZeebeBroker> cluster(Path dataDir, int size, int partitions, Map<String, String> extra) {
    int[][] ports = new int[size][];
    for (int i = 0; i < size; i++) {
      // gateway, command API, internal API, monitoring (actuator), REST
      ports[i] = new int[] {freePort(), freePort(), freePort(), freePort(), freePort()};
    }
    String contacts = java.util.stream.IntStream.range(0, size).mapToObj(i -> "127.0.0.1:" + ports[i][2])
        .collect(Collectors.joining(","));
    List<ZeebeBroker> nodes = new java.util.ArrayList<>();
    for (int i = 0; i < size; i++) {
      Map<String, String> env = new HashMap<>();
      env.put("JAVA_HOME", System.getProperty("java.home"));
      env.put("JAVA_OPTS", JVM_OPTIONS + " " + MiniflowProcess.QUICK_START);
      env.put("ZEEBE_BROKER_GATEWAY_ENABLE", "true");
      env.put("ZEEBE_BROKER_GATEWAY_NETWORK_HOST", "127.0.0.1");
      env.put("ZEEBE_BROKER_GATEWAY_NETWORK_PORT", String.valueOf(ports[i][0]));
      env.put("ZEEBE_BROKER_NETWORK_HOST", "127.0.0.1");
      env.put("ZEEBE_BROKER_NETWORK_COMMANDAPI_PORT", String.valueOf(ports[i][1]));
      env.put("ZEEBE_BROKER_NETWORK_INTERNALAPI_PORT", String.valueOf(ports[i][2]));
      env.put("MANAGEMENT_SERVER_PORT", String.valueOf(ports[i][3]));
      env.put("SERVER_PORT", String.valueOf(ports[i][4]));
      env.put("ZEEBE_BROKER_DATA_DIRECTORY", dataDir.resolve("node-" + i).toAbsolutePath().toString());
      env.put("ZEEBE_BROKER_CLUSTER_NODEID", String.valueOf(i));
      env.put("ZEEBE_BROKER_CLUSTER_CLUSTERSIZE", String.valueOf(size));
      env.put("ZEEBE_BROKER_CLUSTER_REPLICATIONFACTOR", String.valueOf(size));
      env.put("ZEEBE_BROKER_CLUSTER_PARTITIONSCOUNT", String.valueOf(partitions));
      env.put("ZEEBE_BROKER_CLUSTER_INITIALCONTACTPOINTS", contacts);
      env.put("ZEEBE_BROKER_THREADS_CPUTHREADCOUNT", "1");
      env.put("ZEEBE_BROKER_THREADS_IOTHREADCOUNT", "1");
      env.putAll(extra);
      nodes.add(new ZeebeBroker(i, env, dataDir.resolve("node-" + i + ".log"), ports[i][3], ports[i][0]));
    }
    return nodes;
  }

  /** The built exporter jar (the {@code exporter} module, packaged before the app's integration tests). */
  public static final Path EXPORTER_JAR = Path.of(System.getProperty("miniflow.exporter.jar",
      "../exporter/target/miniflow-exporter-0.1.0-SNAPSHOT.jar")).toAbsolutePath().normalize();

  /**
   * The broker settings that load Miniflow's exporter, writing to this database, as the README
   * shows them for a self-managed broker; {@code more} adds further exporter arguments.
   */
  public static Map<String, String> exporter(String jdbcUrl, String username, String password,
      Map<String, String> more) {
    if (!Files.isRegularFile(EXPORTER_JAR)) {
      throw new IllegalStateException("No exporter jar at " + EXPORTER_JAR + ": run mvn verify from the top directory");
    }
    Map<String, String> env = new HashMap<>();
    env.put("ZEEBE_BROKER_EXPORTERS_MINIFLOW_CLASSNAME", "dev.miniflow.exporter.MiniflowExporter");
    env.put("ZEEBE_BROKER_EXPORTERS_MINIFLOW_JARPATH", EXPORTER_JAR.toString());
    env.put("ZEEBE_BROKER_EXPORTERS_MINIFLOW_ARGS_URL", jdbcUrl);
    env.put("ZEEBE_BROKER_EXPORTERS_MINIFLOW_ARGS_USERNAME", username);
    env.put("ZEEBE_BROKER_EXPORTERS_MINIFLOW_ARGS_PASSWORD", password);
    more.forEach((name, value) -> env.put("ZEEBE_BROKER_EXPORTERS_MINIFLOW_ARGS_" + name.toUpperCase(), value));
    return env;
  }

  public ZeebeBroker start() {
    try {
      Files.createDirectories(log.getParent());
      // through sh: the unpacked script may have lost its executable bit
      ProcessBuilder builder = new ProcessBuilder("sh", DISTRIBUTION.resolve("bin/broker").toAbsolutePath().toString())
          .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(environment);
      process = builder.start();
      return this;
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** Waits until the node's health endpoint says UP. */
  public ZeebeBroker awaitHealthy(Duration timeout) {
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Broker " + nodeId + " exited: see " + log.toAbsolutePath());
      }
      try {
        HttpResponse<String> health = HTTP.send(HttpRequest.newBuilder(
            URI.create("http://127.0.0.1:" + monitoringPort + "/actuator/health")).timeout(Duration.ofSeconds(2))
            .build(),
            HttpResponse.BodyHandlers.ofString());
        if (health.statusCode() == 200) {
          return this;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      sleep(500);
    }
    throw new IllegalStateException(
        "Broker " + nodeId + " not healthy within " + timeout + ": see " + log.toAbsolutePath());
  }

  /**
   * The sum of a Prometheus counter over the series with all these labels ({@code action="failed"};
   * none: all series), from the node's monitoring endpoint.
   */
  public double metric(String name, String... labels) {
    try {
      HttpResponse<String> metrics = HTTP.send(HttpRequest.newBuilder(
          URI.create("http://127.0.0.1:" + monitoringPort + "/actuator/prometheus")).timeout(Duration.ofSeconds(10))
          .build(),
          HttpResponse.BodyHandlers.ofString());
      return PrometheusText.sum(metrics.body(), name, labels);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }

  /** Like a crash: no shutdown, no goodbye. */
  public void kill() {
    if (process != null) {
      process.destroyForcibly();
      try {
        process.waitFor();
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  public int nodeId() {
    return nodeId;
  }

  /** The address the Camunda client takes, {@code http://127.0.0.1:port}. */
  public String gatewayAddress() {
    return "http://127.0.0.1:" + gatewayPort;
  }

  @Override
  public void close() {
    if (process != null && process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(20, java.util.concurrent.TimeUnit.SECONDS)) {
          process.destroyForcibly().waitFor();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  /**
   * A port nothing listens on now, and never one handed out before in this JVM: the operating
   * system may offer a port again once its probe socket is closed, and two brokers given the same
   * port made one fail to start while the other answered its health checks.
   */
  public static synchronized int freePort() {
    while (true) {
      try (ServerSocket socket = new ServerSocket(0)) {
        if (HANDED_OUT.add(socket.getLocalPort())) {
          return socket.getLocalPort();
        }
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
  }

  private static final java.util.Set<Integer> HANDED_OUT = new java.util.HashSet<>();

  static void sleep(long millis) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException(e);
    }
  }
}
