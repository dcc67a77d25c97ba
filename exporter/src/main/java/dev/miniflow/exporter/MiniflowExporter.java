package dev.miniflow.exporter;

import dev.miniflow.projection.Change;
import dev.miniflow.projection.ProjectionStore;
import dev.miniflow.projection.RecordProjection;
import io.camunda.zeebe.exporter.api.Exporter;
import io.camunda.zeebe.exporter.api.context.Context;
import io.camunda.zeebe.exporter.api.context.Controller;
import io.camunda.zeebe.exporter.api.context.ScheduledTask;
import io.camunda.zeebe.protocol.record.Record;
import io.camunda.zeebe.protocol.record.RecordType;
import io.camunda.zeebe.protocol.record.ValueType;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import org.slf4j.Logger;

/**
 * Writes the admin monitor's tables (instances, elements, incidents, variables, jobs) into
 * Miniflow's PostgreSQL from a broker's records, through the same projection core as the
 * embedded default. Records are copied into changes as they come, written in batches in one
 * transaction with the partition's position, and acknowledged to the broker only after that
 * commit. While PostgreSQL is unreachable the changes wait; once {@code maxBuffered} wait, a
 * record is refused (the broker offers it again later), so nothing is lost, and a record read
 * again after a restart or a fail-over is skipped by its position, so nothing is applied twice.
 *
 * <p>Arguments: {@code url} (JDBC URL of Miniflow's database), {@code username}, {@code password},
 * {@code batchSize} (default 500), {@code flushIntervalMs} (default 500), {@code maxBuffered}
 * (default 10000). Runs on the broker's exporter actor: one thread, no locking.
 */
public class MiniflowExporter implements Exporter {
  private Settings settings;
  private Logger log;
  private InstantSource clock;
  private int partition;
  private Controller controller;
  private ScheduledTask flushTask;
  private Connection connection;
  private final List<Change> pending = new ArrayList<>();
  /** The position of the last record seen; every record up to it is in {@link #pending} or written. */
  private long seenUpTo = -1;
  private long writtenUpTo = -1;
  private boolean failing;
  /** When the next write may be tried while the database is away: growing pauses, never a storm of connects. */
  private long nextAttemptAt;
  private long pause = FIRST_PAUSE_MS;
  private long firstPosition = -1;
  private boolean logChecked;
  static final long FIRST_PAUSE_MS = 500;
  static final long LONGEST_PAUSE_MS = 30_000;

  /** The exporter's arguments, checked before the broker starts exporting. */
  record Settings(String url, String username, String password, int batchSize, Duration flushInterval,
      int maxBuffered) {
    static Settings of(java.util.Map<String, Object> given) {
      // names in any case: a broker configured through environment variables hands them over in lower case
      java.util.Map<String, Object> args = new java.util.TreeMap<>(String.CASE_INSENSITIVE_ORDER);
      args.putAll(given);
      Object url = args.get("url");
      if (url == null || !url.toString().startsWith("jdbc:postgresql:")) {
        throw new IllegalArgumentException("The Miniflow exporter needs its 'url' argument: the JDBC URL of"
            + " Miniflow's PostgreSQL (jdbc:postgresql://host:5432/db), got " + url);
      }
      int batchSize = number(args, "batchSize", 500);
      return new Settings(url.toString(), text(args, "username"), text(args, "password"), batchSize,
          Duration.ofMillis(number(args, "flushIntervalMs", 500)),
          Math.max(batchSize, number(args, "maxBuffered", 10_000)));
    }

    private static String text(java.util.Map<String, Object> args, String name) {
      Object value = args.get(name);
      return value == null ? null : value.toString();
    }

    private static int number(java.util.Map<String, Object> args, String name, int otherwise) {
      Object value = args.get(name);
      if (value == null) {
        return otherwise;
      }
      try {
        int n = Integer.parseInt(value.toString().strip());
        if (n > 0) {
          return n;
        }
      } catch (NumberFormatException e) {
        // reported below
      }
      throw new IllegalArgumentException(
          "The Miniflow exporter's '" + name + "' must be a positive whole number, got " + value);
    }
  }

  @Override
  public void configure(Context context) {
    settings = Settings.of(context.getConfiguration().getArguments());
    log = context.getLogger();
    clock = context.clock();
    partition = context.getPartitionId();
    context.setFilter(new Context.RecordFilter() {
      @Override
      public boolean acceptType(RecordType type) {
        return RecordProjection.accepts(type);
      }

      @Override
      public boolean acceptValue(ValueType type) {
        return RecordProjection.VALUE_TYPES.contains(type);
      }
    });
  }

  @Override
  public void open(Controller controller) {
    this.controller = controller;
    writtenUpTo = controller.getLastExportedRecordPosition();
    scheduleFlush();
    log.info("Miniflow exporter of partition {} writes to {} from position {}", partition, shown(settings.url()),
        writtenUpTo);
  }

  @Override
  public void export(Record<?> record) {
    if (pending.size() >= settings.maxBuffered() && !flush()) {
      // refused, not dropped: the broker offers this record again, and keeps it in its log meanwhile
      throw new IllegalStateException("Miniflow's database is unreachable and " + pending.size()
          + " changes wait to be written; the broker will offer this record again");
    }
    RecordProjection.of(record).ifPresent(pending::add);
    seenUpTo = record.getPosition();
    if (firstPosition < 0) {
      firstPosition = seenUpTo;
    }
    if (pending.size() >= settings.batchSize()) {
      flush();
    }
  }

  @Override
  public void close() {
    if (flushTask != null) {
      flushTask.cancel();
    }
    flush();
    closeConnection();
  }

  private void scheduleFlush() {
    flushTask = controller.scheduleCancellableTask(settings.flushInterval(), () -> {
      try {
        flush();
      } finally {
        scheduleFlush();
      }
    });
  }

  /** Writes what waits, with the position, in one transaction; acknowledges after the commit. */
  private boolean flush() {
    if (seenUpTo <= writtenUpTo) {
      return true;
    }
    if (failing && clock.millis() < nextAttemptAt) {
      return false;
    }
    try {
      Connection db = connection();
      try (ProjectionStore store = new ProjectionStore(db)) {
        checkLog(store);
        // a change the tables refuse must not stop the projection: the others go in without it
        store.apply(partition, pending, seenUpTo, clock.instant(),
            (change, refused) -> log.error("Miniflow exporter of partition {} leaves out the {} at position {}: {}",
                partition,
                change.getClass().getSimpleName(), change.position(), refused.getMessage()));
      }
      db.commit();
    } catch (SQLException | RuntimeException e) {
      if (!failing) {
        log.warn("Miniflow exporter of partition {} cannot write to {} ({}); {} changes wait, retrying",
            partition, shown(settings.url()), e.getMessage(), pending.size());
        failing = true;
      }
      nextAttemptAt = clock.millis() + pause;
      pause = Math.min(LONGEST_PAUSE_MS, pause * 2);
      closeConnection(); // rolls back; the next flush connects again
      return false;
    }
    if (failing) {
      log.info("Miniflow exporter of partition {} writes again", partition);
      failing = false;
      pause = FIRST_PAUSE_MS;
    }
    pending.clear();
    writtenUpTo = seenUpTo;
    controller.updateLastExportedRecordPosition(writtenUpTo);
    return true;
  }

  /**
   * A broker that exports its log from the start while the database already holds this
   * partition's projection further on has most likely lost its data: its records would be
   * skipped and its reused keys meet old rows. Said loudly once; the README says what to do.
   */
  private void checkLog(ProjectionStore store) throws SQLException {
    if (logChecked) {
      return;
    }
    long stored = store.position(partition);
    if (controller.getLastExportedRecordPosition() < 0 && firstPosition >= 0 && stored >= firstPosition) {
      log.error("Miniflow's database holds the projection of partition {} up to position {}, but this broker"
          + " exports its log from position {}: if its data was reset, empty that partition's monitor tables"
          + " (README, Miniflow on a real broker); records up to {} are skipped meanwhile",
          partition, stored, firstPosition, stored);
    }
    logChecked = true;
  }

  /** The JDBC URL without its parameters, which may carry a password. */
  static String shown(String url) {
    int query = url.indexOf('?');
    return query < 0 ? url : url.substring(0, query) + "?…";
  }

  private Connection connection() throws SQLException {
    if (connection == null) {
      Properties properties = new Properties();
      if (settings.username() != null) {
        properties.setProperty("user", settings.username());
      }
      if (settings.password() != null) {
        properties.setProperty("password", settings.password());
      }
      properties.setProperty("ApplicationName", "miniflow-exporter-" + partition);
      properties.setProperty("connectTimeout", "5");
      properties.setProperty("socketTimeout", "30");
      // the driver itself, not DriverManager: the broker loads this jar in a class loader of its own
      connection = new org.postgresql.Driver().connect(settings.url(), properties);
      connection.setAutoCommit(false);
    }
    return connection;
  }

  private void closeConnection() {
    if (connection != null) {
      try {
        connection.close();
      } catch (SQLException ignored) {
        // a broken connection: nothing was committed on it
      }
      connection = null;
    }
  }
}
