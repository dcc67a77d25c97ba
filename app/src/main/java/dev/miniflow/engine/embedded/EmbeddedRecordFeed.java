package dev.miniflow.engine.embedded;

import dev.miniflow.engine.EngineLogWatch;
import dev.miniflow.projection.Change;
import dev.miniflow.projection.ProjectionStore;
import dev.miniflow.projection.RecordProjection;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.protocol.record.Record;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import javax.sql.DataSource;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.context.SmartLifecycle;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The embedded default's exporter: projects the in-process engine's records into the monitor's
 * tables a few times a second, through the same projection core ({@code projection/}) as the
 * Zeebe exporter on a real broker, so both write the same rows.
 */
@Component
@ConditionalOnProperty(name = "miniflow.embedded.active", havingValue = "true")
public class EmbeddedRecordFeed implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedRecordFeed.class);
  /** The embedded engine has one partition. */
  private static final int PARTITION = 1;
  private static final int BATCH = 5_000;

  private final ZeebeTestEngine engine;
  private final DataSource dataSource;
  private final JdbcClient jdbc;
  private final TransactionTemplate transaction;
  private final EngineLogWatch logWatch;
  private final Clock clock;
  private ScheduledExecutorService poller;
  private int next;

  EmbeddedRecordFeed(@Qualifier(EmbeddedInfrastructure.ENGINE_BEAN) ZeebeTestEngine engine, DataSource dataSource,
      JdbcClient jdbc, TransactionTemplate transaction, EngineLogWatch logWatch, Clock clock) {
    this.engine = engine;
    this.dataSource = dataSource;
    this.jdbc = jdbc;
    this.transaction = transaction;
    this.logWatch = logWatch;
    this.clock = clock;
  }

  @Override
  public void start() {
    // The embedded engine starts empty and hands out the same keys and positions again: what was
    // projected from the previous run would mix with the new instances. Domain state and the
    // audit trail stay, and so do the dashboard's duration histograms (they hold no keys); the
    // instances in flight are started again (and bound again) by recovery.
    transaction.executeWithoutResult(status -> {
      for (String table : List.of("element_instance", "incident", "instance_variable", "job", "process_instance",
          "instance_workspace", "exporter_position", "process_definition")) {
        jdbc.sql("delete from " + table).update();
      }
    });
    log.info("Projecting the embedded engine's records for the monitor");
    poller = Executors.newSingleThreadScheduledExecutor(r -> new Thread(r, "engine-record-feed"));
    poller.scheduleWithFixedDelay(this::catchUp, 200, 200, TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    if (poller != null) {
      poller.shutdownNow();
      poller = null;
    }
  }

  @Override
  public boolean isRunning() {
    return poller != null;
  }

  /** Projects the records written since the last call; safe to call from tests to not wait for the poller. */
  public synchronized void catchUp() {
    try {
      @SuppressWarnings("unchecked")
      List<Record<?>> records = (List<Record<?>>) engine.getRecordStreamSource().getRecords();
      logWatch.seen(records.size());
      while (next < records.size()) {
        int end = Math.min(records.size(), next + BATCH);
        List<Change> changes = new ArrayList<>();
        for (Record<?> record : records.subList(next, end)) {
          RecordProjection.of(record).ifPresent(changes::add);
        }
        long upTo = records.get(end - 1).getPosition();
        transaction.executeWithoutResult(status -> write(changes, upTo));
        next = end;
      }
    } catch (RuntimeException | LinkageError e) {
      // the poller must survive: a later call retries the same records (the projection is idempotent)
      log.warn("Could not project engine records (will retry)", e);
    }
  }

  private void write(List<Change> changes, long upTo) {
    // the transaction's own connection: released by the transaction, not here
    Connection connection = DataSourceUtils.getConnection(dataSource);
    try (ProjectionStore store = new ProjectionStore(connection)) {
      // a change the tables refuse must not stop the monitor: the others go in without it
      store.apply(PARTITION, changes, upTo, clock.instant(), (change, refused) -> log.error(
          "The monitor leaves out the {} at position {}: {}", change.getClass().getSimpleName(), change.position(),
          refused.getMessage()));
    } catch (SQLException e) {
      throw new IllegalStateException("Could not project engine records", e);
    }
  }
}
