package dev.miniflow.engine.embedded;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * Starts the embedded default's PostgreSQL (data kept under {@code miniflow.data-dir}) and
 * in-process Zeebe engine, and points the datasource and the Camunda client at them. Only
 * {@link EmbeddedInfrastructure} calls it, once it knows the engine is in this build.
 */
final class EmbeddedDefault {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedDefault.class);
  private static final java.time.Duration ORPHAN_STOP_WAIT = java.time.Duration.ofSeconds(30);

  private EmbeddedDefault() {}

  static void start(ConfigurableApplicationContext context) {
    ConfigurableEnvironment env = context.getEnvironment();
    Path dataDir = Path.of(env.getProperty("miniflow.data-dir", "./data")).toAbsolutePath().normalize();
    boolean clean = env.getProperty("miniflow.embedded.clean-data", Boolean.class, false);
    // a Miniflow killed hard leaves its PostgreSQL running on the data: stop it first (or refuse to start)
    Path postgresDir = dataDir.resolve("postgres");
    OrphanedPostgres.stopIfLeftBehind(postgresDir, ORPHAN_STOP_WAIT);
    if (clean) {
      deleteRecursively(dataDir); // tests start from nothing: database, packages and keys
    }
    EmbeddedPostgres postgres = startPostgres(postgresDir, clean);
    ZeebeTestEngine engine = EmbeddedEngine.create(dataDir.resolve("engine"));
    try {
      engine.start();
    } catch (RuntimeException e) {
      EmbeddedEngine.stop(engine);
      try {
        postgres.close();
      } catch (IOException closing) {
        e.addSuppressed(closing);
      }
      throw e;
    }
    log.info("Embedded Zeebe engine listening on {} (state in {}), PostgreSQL on port {} (data in {})",
        EmbeddedEngine.gatewayAddress(engine), EmbeddedEngine.onRocksDb(engine) ? "RocksDB" : "memory",
        postgres.getPort(), dataDir);

    env.getPropertySources().addFirst(new MapPropertySource("miniflowEmbedded", Map.of(
        "spring.datasource.url", "jdbc:postgresql://localhost:" + postgres.getPort() + "/postgres",
        "spring.datasource.username", "postgres",
        "spring.datasource.password", "",
        "camunda.client.grpc-address", "http://" + EmbeddedEngine.gatewayAddress(engine),
        "camunda.client.prefer-rest-over-grpc", "false",
        "miniflow.embedded.active", "true",
        // resolved once, so every reader sees the same directory
        "miniflow.data-dir", dataDir.toString())));

    var beans = (DefaultListableBeanFactory) context.getBeanFactory();
    beans.registerSingleton(EmbeddedInfrastructure.ENGINE_BEAN, engine);
    // Registered first, destroyed last: after the client, the workers and the pool are closed.
    beans.registerDisposableBean("embeddedInfrastructureShutdown", () -> {
      EmbeddedEngine.stop(engine);
      postgres.close();
    });
  }

  private static void deleteRecursively(Path dir) {
    if (!Files.exists(dir)) {
      return;
    }
    try (var paths = Files.walk(dir)) {
      paths.sorted(java.util.Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException e) {
      throw new UncheckedIOException("Could not clean " + dir, e);
    }
  }

  private static EmbeddedPostgres startPostgres(Path dir, boolean clean) {
    try {
      Files.createDirectories(dir);
      return EmbeddedPostgres.builder()
          .setDataDirectory(dir)
          .setCleanDataDirectory(clean)
          .start();
    } catch (IOException e) {
      throw new UncheckedIOException("Could not start the embedded PostgreSQL in " + dir, e);
    }
  }
}
