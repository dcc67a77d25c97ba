package dev.miniflow.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Savepoint;
import java.sql.Timestamp;
import java.sql.Types;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BiConsumer;

/**
 * Writes changes into the monitor's tables (process_instance, element_instance, incident,
 * instance_variable, job) in the caller's transaction, together with the partition's position.
 * Changes at or below the stored position were applied before and are skipped, so a log read
 * again (an exporter restarted, a new leader) changes nothing twice; the upserts are keyed by
 * the records' keys besides.
 */
public final class ProjectionStore implements AutoCloseable {
  private final Connection connection;
  private final Map<String, PreparedStatement> statements = new HashMap<>();

  /** A store writing through this connection; the caller owns the transaction and commits it. */
  public ProjectionStore(Connection connection) {
    this.connection = connection;
  }

  /** The position of the last record applied for this partition, or -1. */
  public long position(int partition) throws SQLException {
    try (PreparedStatement select = connection.prepareStatement(
        "select position from exporter_position where partition_id = ?")) {
      select.setInt(1, partition);
      try (ResultSet rs = select.executeQuery()) {
        return rs.next() ? rs.getLong(1) : -1;
      }
    }
  }

  /**
   * Applies the changes above the partition's stored position and stores {@code upTo} as its
   * position. Two writers of one partition (an old and a new leader) wait for each other on the
   * position row. A change the tables refuse (a data or constraint error) is left out and handed
   * to {@code refused}, the others written all the same: one bad record cannot stop the projection
   * (and, on a broker, its log's compaction) for good. @return how many changes were applied
   */
  public int apply(int partition, List<? extends Change> changes, long upTo, Instant now,
      BiConsumer<Change, SQLException> refused) throws SQLException {
    run("insert into exporter_position(partition_id, position, exported_at) values (?, -1, ?) on conflict do nothing",
        partition, now);
    long stored;
    try (PreparedStatement lock = connection.prepareStatement(
        "select position from exporter_position where partition_id = ? for update")) {
      lock.setInt(1, partition);
      try (ResultSet rs = lock.executeQuery()) {
        rs.next();
        stored = rs.getLong(1);
      }
    }
    List<? extends Change> fresh = changes.stream().filter(c -> c.position() > stored).toList();
    // the whole batch at once; only when the tables refuse a change, again one change at a time
    Savepoint batch = connection.setSavepoint();
    int applied;
    try {
      for (Change change : fresh) {
        write(partition, change);
      }
      applied = fresh.size();
    } catch (SQLException e) {
      if (!refusedByTheTables(e)) {
        throw e;
      }
      connection.rollback(batch);
      applied = applyOneByOne(partition, fresh, refused);
    }
    if (upTo > stored) {
      run("update exporter_position set position = ?, exported_at = ? where partition_id = ?", upTo, now, partition);
    }
    return applied;
  }

  private int applyOneByOne(int partition, List<? extends Change> changes,
      BiConsumer<Change, SQLException> refused)
      throws SQLException {
    int applied = 0;
    for (Change change : changes) {
      Savepoint one = connection.setSavepoint();
      try {
        write(partition, change);
        connection.releaseSavepoint(one);
        applied++;
      } catch (SQLException e) {
        if (!refusedByTheTables(e)) {
          throw e;
        }
        connection.rollback(one);
        refused.accept(change, e);
      }
    }
    return applied;
  }

  /** Whether the tables refused the data (SQL state class 22 or 23), not the database being away. */
  private static boolean refusedByTheTables(SQLException e) {
    String state = e.getSQLState();
    return state != null && (state.startsWith("22") || state.startsWith("23"));
  }

  private void write(int partition, Change change) throws SQLException {
    switch (change) {
      case Change.InstanceStarted c -> {
        run("""
            insert into process_instance(process_instance_key, process_definition_key, bpmn_process_id, version, state,
              started_at) values (?, ?, ?, ?, 'ACTIVE', ?) on conflict do nothing""",
            c.instanceKey(), c.definitionKey(), c.processId(), c.version(), c.at());
        // the process is the first element of its own history (its element id is the process id)
        elementStarted(c.instanceKey(), c.instanceKey(), null, c.processId(), "PROCESS", c.at());
        listedByEarlyVariables(c.instanceKey());
      }
      case Change.ElementStarted c ->
        elementStarted(c.elementKey(), c.instanceKey(), c.flowScopeKey(), c.elementId(), c.elementType(), c.at());
      case Change.ElementEnded c -> {
        run("update element_instance set state = ?, ended_at = ? where element_instance_key = ?",
            c.completed() ? "COMPLETED" : "TERMINATED", c.at(), c.elementKey());
        if (c.instance()) {
          run("update process_instance set state = ?, ended_at = ? where process_instance_key = ?",
              c.completed() ? "COMPLETED" : "CANCELED", c.at(), c.instanceKey());
        }
        if (c.timed()) {
          countDuration(partition, c.elementKey());
        }
      }
      case Change.ElementMigrated c -> {
        if (c.instance()) {
          run("update process_instance set process_definition_key = ?, version = ? where process_instance_key = ?",
              c.definitionKey(), c.version(), c.instanceKey());
        } else {
          run("update element_instance set element_id = ? where element_instance_key = ?", c.elementId(),
              c.elementKey());
        }
      }
      case Change.IncidentCreated c ->
        run("""
          insert into incident(incident_key, process_instance_key, element_id, job_key, job_type, error_type,
            error_message, state, created_at)
          values (?, ?, ?, ?, (select job_type from job where job_key = ?), ?, ?, 'ACTIVE', ?) on conflict do nothing""",
            c.incidentKey(), c.instanceKey(), c.elementId(), c.jobKey(), c.jobKey(), c.errorType(), c.errorMessage(),
            c.at());
      case Change.IncidentResolved c -> run(
          "update incident set state = 'RESOLVED', resolved_at = ? where incident_key = ?", c.at(), c.incidentKey());
      case Change.VariableSet c -> variable(c);
      case Change.JobCreated c -> run("""
          insert into job(job_key, process_instance_key, element_id, job_type, retries, failures, state, created_at,
            updated_at) values (?, ?, ?, ?, ?, 0, 'ACTIVE', ?, ?) on conflict do nothing""",
          c.jobKey(), c.instanceKey(), c.elementId(), c.jobType(), c.retries(), c.at(), c.at());
      case Change.JobRetries c -> run("""
          update job set retries = ?, failures = failures + ?, state = case when ? > 0 then 'ACTIVE' else 'FAILED' end,
            error_message = coalesce(?, error_message), updated_at = ? where job_key = ?""",
          c.retries(), c.failed() ? 1 : 0, c.retries(), c.errorMessage(), c.at(), c.jobKey());
      case Change.JobEnded c ->
        run("update job set state = ?, updated_at = ? where job_key = ?", c.state(), c.at(), c.jobKey());
    }
  }

  /**
   * Counts a finished step (or instance) into the dashboard's histogram of its workspace, day,
   * process and step (migration 019 says how the buckets are cut). Once per element: a change is
   * applied once, with the partition's position in the same transaction. Each partition counts into
   * rows of its own, so exporters of different partitions never wait for (or deadlock on) each
   * other's rows. An instance Miniflow did not start has no workspace and counts nowhere.
   */
  private void countDuration(int partition, long elementKey) throws SQLException {
    run("""
        insert into step_time_day(workspace_id, day, bpmn_process_id, element_id, bucket, partition_id, completed,
          total_ms)
        select w.workspace_id, cast(e.ended_at at time zone 'UTC' as date), i.bpmn_process_id, e.element_id,
          floor(16 * log(2, d.ms + 1)), ?, 1, d.ms
        from element_instance e
          join process_instance i on i.process_instance_key = e.process_instance_key
          join instance_workspace w on w.process_instance_key = e.process_instance_key
          cross join lateral (select greatest(0, round(extract(epoch from e.ended_at - e.started_at) * 1000))::bigint
            as ms) d
        where e.element_instance_key = ? and e.state = 'COMPLETED' and e.ended_at is not null
        on conflict (workspace_id, day, bpmn_process_id, element_id, bucket, partition_id) do update
          set completed = step_time_day.completed + 1, total_ms = step_time_day.total_ms + excluded.total_ms""",
        partition, elementKey);
  }

  private void elementStarted(long key, long instanceKey, Long flowScopeKey, String elementId, String type,
      Instant at) throws SQLException {
    run("""
        insert into element_instance(element_instance_key, process_instance_key, flow_scope_key, element_id,
          element_type, state, started_at) values (?, ?, ?, ?, ?, 'ACTIVE', ?) on conflict do nothing""", key,
        instanceKey, flowScopeKey, elementId, type, at);
  }

  private void variable(Change.VariableSet c) throws SQLException {
    run("""
        insert into instance_variable(process_instance_key, scope_key, name, value, updated_at) values (?, ?, ?, ?, ?)
        on conflict (process_instance_key, scope_key, name) do update set value = excluded.value,
          updated_at = excluded.updated_at""", c.instanceKey(), c.scopeKey(), c.name(), c.value(), c.at());
    listedBy(c.instanceKey(), c.name(), c.value(), c.scopeKey() == c.instanceKey());
  }

  /** The variables an instance is created with are recorded before the instance itself. */
  private void listedByEarlyVariables(long instanceKey) throws SQLException {
    List<String[]> early = new ArrayList<>();
    try (PreparedStatement select = connection.prepareStatement("select name, value from instance_variable"
        + " where process_instance_key = ? and scope_key = ? and name in ('subject', 'businessKey')")) {
      select.setLong(1, instanceKey);
      select.setLong(2, instanceKey);
      try (ResultSet rs = select.executeQuery()) {
        while (rs.next()) {
          early.add(new String[] {rs.getString(1), rs.getString(2)});
        }
      }
    }
    for (String[] variable : early) {
      listedBy(instanceKey, variable[0], variable[1], true);
    }
  }

  /** What the monitor lists instances by; shown only, never trusted (the workspace is Miniflow's own row). */
  private void listedBy(long instanceKey, String name, String value, boolean processScope) throws SQLException {
    String column = switch (name) {
      case "subject" -> "subject";
      case "businessKey" -> "business_key";
      default -> null;
    };
    if (column == null || value.equals("null")) {
      return;
    }
    // a value of the process scope wins; else the first one set inside it (e.g. per multi-instance target)
    run("update process_instance set " + column + " = ? where process_instance_key = ?"
        + (processScope ? "" : " and " + column + " is null"),
        unquote(value, column.equals("subject") ? 256 : 64), instanceKey);
  }

  private static String unquote(String json, int max) {
    String text = json.length() >= 2 && json.startsWith("\"") && json.endsWith("\"")
        ? json.substring(1, json.length() - 1) : json;
    return text.length() <= max ? text : text.substring(0, max - 1) + "…";
  }

  private void run(String sql, Object... params) throws SQLException {
    PreparedStatement statement = statements.get(sql);
    if (statement == null) {
      statement = connection.prepareStatement(sql);
      statements.put(sql, statement);
    }
    for (int i = 0; i < params.length; i++) {
      Object p = params[i];
      switch (p) {
        case null -> statement.setNull(i + 1, Types.NULL);
        case Instant at -> statement.setTimestamp(i + 1, Timestamp.from(at));
        default -> statement.setObject(i + 1, p);
      }
    }
    statement.executeUpdate();
  }

  /** Closes the statements, not the connection. */
  @Override
  public void close() throws SQLException {
    SQLException first = null;
    for (PreparedStatement statement : statements.values()) {
      try {
        statement.close();
      } catch (SQLException e) {
        first = first == null ? e : first;
      }
    }
    statements.clear();
    if (first != null) {
      throw first;
    }
  }
}
