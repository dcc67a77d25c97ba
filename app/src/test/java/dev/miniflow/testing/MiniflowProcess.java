package dev.miniflow.testing;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Miniflow in a JVM of its own, so a test can kill it the hard way (SIGKILL, no shutdown hooks)
 * and start it again on the same database and broker.
 */
public final class MiniflowProcess implements AutoCloseable {
  /**
   * For the tests' short-lived JVMs (Miniflow's, the brokers'): the quick compiler only. On two
   * cores the optimizing compiler's threads would take the CPU the test and its other processes
   * need, for code that runs a few minutes.
   */
  public static final String QUICK_START = "-XX:TieredStopAtLevel=1";

  private final Process process;
  private final int port;
  private final Path log;

  private MiniflowProcess(Process process, int port, Path log) {
    this.process = process;
    this.port = port;
    this.log = log;
  }

  /** The production artifact, as the Dockerfile ships it (packaged before the integration tests). */
  public static final Path PRODUCTION_JAR = Path.of(System.getProperty("miniflow.production.jar",
      "target/miniflow-app-0.1.0-SNAPSHOT.jar")).toAbsolutePath().normalize();

  /** Starts the app from the test class path with these environment variables and {@code --name=value} arguments. */
  public static MiniflowProcess start(Path log, Map<String, String> environment, Map<String, String> arguments) {
    return launch(log, environment, arguments, List.of("-cp", System.getProperty("surefire.test.class.path",
        System.getProperty("java.class.path")), "dev.miniflow.MiniflowApplication"));
  }

  /** Starts the production artifact ({@link #PRODUCTION_JAR}), as {@link #start} does the class path. */
  public static MiniflowProcess startProductionJar(Path log, Map<String, String> environment,
      Map<String, String> arguments) {
    if (!Files.isRegularFile(PRODUCTION_JAR)) {
      throw new IllegalStateException(
          "No production jar at " + PRODUCTION_JAR + ": the integration tests run after mvn package");
    }
    return launch(log, environment, arguments, List.of("-jar", PRODUCTION_JAR.toString()));
  }

  private static MiniflowProcess launch(Path log, Map<String, String> environment, Map<String, String> arguments,
      List<String> main) {
    int port = ZeebeBroker.freePort();
    List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
        "-Xmx512m", "-XX:+UseSerialGC", QUICK_START));
    command.addAll(main);
    command.add("--server.port=" + port);
    arguments.forEach((name, value) -> command.add("--" + name + "=" + value));
    try {
      Files.createDirectories(log.toAbsolutePath().getParent());
      ProcessBuilder builder = new ProcessBuilder(command).redirectErrorStream(true)
          .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
      builder.environment().putAll(environment);
      return new MiniflowProcess(builder.start(), port, log);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /**
   * The embedded default (in-process engine, embedded PostgreSQL under {@code dataDir}) in a JVM of
   * its own, with the demo users' password, partners on local stub servers allowed, and these
   * further {@code --name=value} arguments.
   */
  public static MiniflowProcess embedded(Path log, Path dataDir, String demoPassword, Map<String, String> more) {
    Map<String, String> arguments = new java.util.HashMap<>(Map.of(
        "miniflow.data-dir", dataDir.toAbsolutePath().toString(),
        "miniflow.demo.password", demoPassword,
        "miniflow.signing-key", "embedded-signing-key",
        "miniflow.passwords.bcrypt-strength", "4",
        "miniflow.partner.endpoints.allow-http", "true",
        "miniflow.partner.endpoints.allowed-hosts", "localhost,127.0.0.1"));
    arguments.putAll(more);
    return start(log, Map.of(), arguments);
  }

  /** Waits until the app reports ready (database up, processes deployed). */
  public MiniflowProcess awaitReady(Duration timeout) {
    HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
    long deadline = System.nanoTime() + timeout.toNanos();
    while (System.nanoTime() < deadline) {
      if (!process.isAlive()) {
        throw new IllegalStateException("Miniflow exited: see " + log.toAbsolutePath());
      }
      try {
        if (http.send(HttpRequest.newBuilder(URI.create(baseUrl() + "/actuator/health/readiness"))
            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode() == 200) {
          return this;
        }
      } catch (IOException e) {
        // not listening yet
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new IllegalStateException(e);
      }
      ZeebeBroker.sleep(250);
    }
    throw new IllegalStateException("Miniflow not ready within " + timeout + ": see " + log.toAbsolutePath());
  }

  /** Waits for the process to end; @return its exit code */
  public int awaitExit(long timeout, java.util.concurrent.TimeUnit unit) throws InterruptedException {
    if (!process.waitFor(timeout, unit)) {
      throw new IllegalStateException(
          "Miniflow still runs after " + timeout + " " + unit + ": see " + log.toAbsolutePath());
    }
    return process.exitValue();
  }

  public String baseUrl() {
    return "http://localhost:" + port;
  }

  /** Like a crash: SIGKILL, nothing is flushed or closed. */
  public void kill() {
    process.destroyForcibly();
    try {
      process.waitFor();
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
  }

  @Override
  public void close() {
    if (process.isAlive()) {
      process.destroy();
      try {
        if (!process.waitFor(30, java.util.concurrent.TimeUnit.SECONDS)) {
          kill();
        }
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }
}
