package dev.miniflow.support;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import liquibase.integration.spring.SpringLiquibase;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.BeanInitializationException;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.config.BeanPostProcessor;
import org.springframework.stereotype.Component;

/**
 * Runs the schema migration of one instance at a time. Liquibase's own lock is a row of a table it
 * creates first: instances started at once on an empty database race creating its tables, and
 * one start fails ("databasechangelog already exists"). So the migration waits for a PostgreSQL
 * advisory lock, taken on a connection of its own around Liquibase's run; the next instance then
 * finds the schema up to date. A start that fails mid-migration drops the lock with its connection.
 */
@Component
class MigrationLock implements BeanPostProcessor, DisposableBean {
  /** Shared by every Miniflow instance of a database; FirstAdmin's lock is another. */
  static final long KEY = 0x4d662d6d69677261L; // "Mf-migra"
  private static final Duration RETRY = Duration.ofMillis(200);
  private static final Duration TELL_EVERY = Duration.ofSeconds(30);
  private static final Logger log = LoggerFactory.getLogger(MigrationLock.class);
  private final Map<String, Connection> held = new ConcurrentHashMap<>();

  @Override
  public Object postProcessBeforeInitialization(Object bean, String name) {
    if (bean instanceof SpringLiquibase liquibase) {
      try {
        Connection connection = liquibase.getDataSource().getConnection();
        try {
          awaitLock(connection);
        } catch (SQLException | InterruptedException e) {
          connection.close();
          throw e;
        }
        held.put(name, connection);
      } catch (SQLException | InterruptedException e) {
        throw new BeanInitializationException("Could not take the schema migration's lock: " + e.getMessage(), e);
      }
    }
    return bean;
  }

  /**
   * Tries again and again rather than waiting inside {@code pg_advisory_lock}: a session waiting in
   * a statement is a running transaction, and the migrating instance's {@code create index
   * concurrently} waits for every running transaction to end, so the two would wait for each other.
   */
  private static void awaitLock(Connection connection) throws SQLException, InterruptedException {
    long since = System.nanoTime();
    long told = since;
    while (true) {
      try (Statement lock = connection.createStatement();
          ResultSet taken = lock.executeQuery("select pg_try_advisory_lock(" + KEY + ")")) {
        if (taken.next() && taken.getBoolean(1)) {
          return;
        }
      }
      if (System.nanoTime() - told > TELL_EVERY.toNanos()) {
        told = System.nanoTime();
        log.info("Waiting for another instance's schema migration ({} s so far)",
            Duration.ofNanos(told - since).toSeconds());
      }
      Thread.sleep(RETRY.toMillis());
    }
  }

  @Override
  public Object postProcessAfterInitialization(Object bean, String name) {
    Connection connection = held.remove(name);
    if (connection != null) {
      release(connection);
    }
    return bean;
  }

  /** A migration that failed never reached the after-initialization step: its connection goes here. */
  @Override
  public void destroy() {
    held.values().forEach(MigrationLock::release);
    held.clear();
  }

  private static void release(Connection connection) {
    // closing the session ends its advisory locks; the explicit unlock returns a pooled connection clean
    try (connection; Statement unlock = connection.createStatement()) {
      unlock.execute("select pg_advisory_unlock(" + KEY + ")");
    } catch (SQLException e) {
      // the connection is gone, and the lock with it
    }
  }
}
