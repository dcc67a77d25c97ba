package dev.miniflow.testing;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Map;
import org.springframework.context.ApplicationContextInitializer;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.core.env.MapPropertySource;

/**
 * One real PostgreSQL (zonky, the embedded default's) for all module tests of a JVM, started by
 * the first context that asks and stopped with the JVM: starting one per context would cost each
 * module test seconds, and Liquibase finds the schema already there after the first.
 */
public class ModulePostgres implements ApplicationContextInitializer<ConfigurableApplicationContext> {
  private static EmbeddedPostgres postgres;

  @Override
  public void initialize(ConfigurableApplicationContext context) {
    context.getEnvironment().getPropertySources().addFirst(new MapPropertySource("modulePostgres", Map.of(
        "spring.datasource.url", "jdbc:postgresql://localhost:" + port() + "/postgres",
        "spring.datasource.username", "postgres",
        "spring.datasource.password", "")));
  }

  private static synchronized int port() {
    if (postgres == null) {
      try {
        postgres = EmbeddedPostgres.start();
      } catch (IOException e) {
        throw new UncheckedIOException("Could not start the module tests' PostgreSQL", e);
      }
      EmbeddedPostgres started = postgres;
      Runtime.getRuntime().addShutdownHook(new Thread(() -> {
        try {
          started.close();
        } catch (IOException ignored) {
          // the JVM ends: its temporary data directory goes with the next cleanup
        }
      }, "module-postgres-stop"));
    }
    return postgres.getPort();
  }
}
