package dev.miniflow.engine.embedded;

import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.support.DefaultListableBeanFactory;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

/**
 * The embedded default: with no {@code external} profile, starts a real PostgreSQL (data kept
 * under {@code miniflow.data-dir}) and a real in-process Zeebe engine before the context is
 * refreshed, and points the datasource and the Camunda client at them. The Camunda starter
 * always defines its own client bean, so the engine is started here rather than as a bean.
 */
public class EmbeddedInfrastructure
    implements ApplicationContextInitializer<ConfigurableApplicationContext> {

  public static final String ENGINE_BEAN = "embeddedZeebeEngine";
  private static final Logger log = LoggerFactory.getLogger(EmbeddedInfrastructure.class);
  private static final java.time.Duration ORPHAN_STOP_WAIT = java.time.Duration.ofSeconds(30);

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    ConfigurableEnvironment env = context.getEnvironment();
    if (Arrays.asList(env.getActiveProfiles()).contains("external")
        || !env.getProperty("miniflow.embedded.enabled", Boolean.class, true)) {
      return;
    }
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
        EmbeddedEngine.gatewayAddress(engine), EmbeddedEngine.onRocksDb(engine) ? "RocksDB" : "memory", postgres.getPort(), dataDir);

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
    beans.registerSingleton(ENGINE_BEAN, engine);
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
