package dev.miniflow.support;

import static org.assertj.core.api.Assertions.assertThat;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import liquibase.integration.spring.SpringLiquibase;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.springframework.core.io.DefaultResourceLoader;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Instances started at once on an empty database (the external profile's first deployment, a
 * cluster rolled out together): each runs Miniflow's real changelog, as Spring Boot starts it, on a
 * real PostgreSQL.
 */
class MigrationLockTest {
  private static EmbeddedPostgres postgres;
  /** A thread per instance (the common pool may have one thread on a small machine). */
  private static final ExecutorService instances = Executors.newFixedThreadPool(2);

  @BeforeAll
  static void start() throws Exception {
    postgres = EmbeddedPostgres.start();
  }

  @AfterAll
  static void stop() throws Exception {
    instances.shutdownNow();
    postgres.close();
  }

  @Test
  void anInstanceWaitsWhileAnotherMigratesThenFindsTheSchemaUpToDate() throws Exception {
    DataSource db = emptyDatabase("waits");
    CompletableFuture<Void> second;
    try (Connection first = db.getConnection(); Statement lock = first.createStatement()) {
      lock.execute("select pg_advisory_lock(" + MigrationLock.KEY + ")");
      second = CompletableFuture.runAsync(() -> migrate(db, new MigrationLock(), "liquibase"), instances);
      // it has asked for the lock (a slow start must not pass for waiting), and a while on it still waits
      org.awaitility.Awaitility.await().atMost(Duration.ofMinutes(1)).until(() -> JdbcClient.create(db).sql("""
              select count(*) from pg_stat_activity where datname = 'waits' and pid <> pg_backend_pid()
              and query like 'select pg_try_advisory_lock(%'""").query(Long.class).single() > 0);
      Thread.sleep(1000);
      assertThat(second).as("waits for the lock").isNotDone();
      assertThat(table(db, "databasechangelog")).as("has not touched the schema").isFalse();
    }
    // the first instance's connection closed (its start failed, say): the lock went with it
    second.get(2, TimeUnit.MINUTES);
    assertThat(table(db, "user_task")).isTrue();
    assertThat(locksHeld(db)).as("the lock is given back").isZero();
  }

  @Test
  void twoInstancesStartingAtOnceOnAnEmptyDatabaseBothStartAndApplyEachChangeOnce() throws Exception {
    DataSource db = emptyDatabase("at_once");
    CyclicBarrier together = new CyclicBarrier(2);
    List<CompletableFuture<Void>> starts = List.of("a", "b").stream()
        .map(instance -> CompletableFuture.runAsync(() -> {
          await(together);
          migrate(db, new MigrationLock(), "liquibase");
        }, instances)).toList();
    for (CompletableFuture<Void> start : starts) {
      start.get(3, TimeUnit.MINUTES);
    }
    JdbcClient jdbc = JdbcClient.create(db);
    assertThat(jdbc.sql("select count(*) - count(distinct id || filename) from databasechangelog").query(Long.class)
        .single()).as("no change applied twice").isZero();
    assertThat(table(db, "user_task")).isTrue();
    assertThat(locksHeld(db)).isZero();
  }

  /** What Spring Boot does with the bean: the post-processor around Liquibase's own initialization. */
  private static void migrate(DataSource db, MigrationLock lock, String name) {
    SpringLiquibase liquibase = new SpringLiquibase();
    liquibase.setDataSource(db);
    liquibase.setChangeLog("classpath:db/changelog/db.changelog-master.yaml");
    liquibase.setResourceLoader(new DefaultResourceLoader());
    try {
      lock.postProcessBeforeInitialization(liquibase, name);
      liquibase.afterPropertiesSet();
      lock.postProcessAfterInitialization(liquibase, name);
    } catch (Exception e) {
      lock.destroy();
      throw new IllegalStateException(e);
    }
  }

  private static DataSource emptyDatabase(String name) {
    JdbcClient.create(postgres.getPostgresDatabase()).sql("create database " + name).update();
    return postgres.getDatabase("postgres", name);
  }

  private static boolean table(DataSource db, String table) throws Exception {
    try (Connection c = db.getConnection();
        Statement s = c.createStatement();
        ResultSet rs = s.executeQuery("select to_regclass('" + table + "') is not null")) {
      rs.next();
      return rs.getBoolean(1);
    }
  }

  private static long locksHeld(DataSource db) {
    return JdbcClient.create(db).sql("select count(*) from pg_locks where locktype = 'advisory'").query(Long.class)
        .single();
  }

  private static void await(CyclicBarrier barrier) {
    try {
      barrier.await(1, TimeUnit.MINUTES);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
