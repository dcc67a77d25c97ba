package dev.miniflow.tasklist.sla;

import dev.miniflow.tasklist.TaskState;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The task_sla table, and the user_task columns reminders, escalations and forecasts use. */
@Repository
class SlaStore {
  private final JdbcClient jdbc;

  SlaStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The step's SLA for the target app, else the one for any target app. */
  Optional<Sla> find(long workspaceId, String processId, String elementId, String targetApp) {
    return jdbc.sql("""
            select * from task_sla where workspace_id = :ws and process_id = :p and element_id = :e
              and target_app in (:ta, '') order by target_app desc limit 1""")
        .param("ws", workspaceId).param("p", processId).param("e", elementId)
        .param("ta", targetApp == null ? "" : targetApp).query(SlaStore::map).optional();
  }

  List<Sla> ofWorkspace(long workspaceId) {
    return jdbc.sql("select * from task_sla where workspace_id = :ws order by process_id, element_id, target_app")
        .param("ws", workspaceId).query(SlaStore::map).list();
  }

  Optional<Sla> byId(long id) {
    return jdbc.sql("select * from task_sla where id = :id").param("id", id).query(SlaStore::map).optional();
  }

  long upsert(Sla sla) {
    return jdbc.sql("""
            insert into task_sla(workspace_id, process_id, element_id, target_app, due_within_minutes, remind_before_minutes)
            values (:ws, :p, :e, :ta, :due, :remind)
            on conflict (workspace_id, process_id, element_id, target_app) do update
              set due_within_minutes = excluded.due_within_minutes, remind_before_minutes = excluded.remind_before_minutes
            returning id""")
        .param("ws", sla.workspaceId()).param("p", sla.processId()).param("e", sla.elementId())
        .param("ta", sla.targetApp()).param("due", (int) sla.dueWithin().toMinutes())
        .param("remind", (int) sla.remindBefore().toMinutes()).query(Long.class).single();
  }

  void delete(long id) {
    jdbc.sql("delete from task_sla where id = :id").param("id", id).update();
  }

  /** Marks the open task reminded, once: true the first time. */
  boolean markReminded(long taskId) {
    return jdbc.sql("""
            update user_task set reminded_at = now() where id = :id and reminded_at is null
              and state in\s""" + TaskState.UNFINISHED_SQL).param("id", taskId).update() == 1;
  }

  /** Marks the open task escalated and moves it up its queues, once: true the first time. */
  boolean markEscalated(long taskId, int priority) {
    return jdbc.sql("""
            update user_task set escalated_at = now(), priority = greatest(priority, :p)
            where id = :id and escalated_at is null and state in\s""" + TaskState.UNFINISHED_SQL)
        .param("id", taskId).param("p", priority).update() == 1;
  }

  /** How long the latest completed tasks of the step took, newest first. */
  List<Duration> handlingTimes(long workspaceId, String processId, String elementId, Instant since, int limit) {
    return jdbc.sql("""
            select extract(epoch from completed_at - created_at) as seconds from user_task
            where workspace_id = :ws and process_id = :p and element_id = :e and state = 'COMPLETED'
              and completed_at >= :since order by completed_at desc limit :limit""")
        .param("ws", workspaceId).param("p", processId).param("e", elementId).param("since", Timestamp.from(since))
        .param("limit", limit)
        .query((rs, n) -> Duration.ofMillis(Math.round(rs.getDouble("seconds") * 1000))).list();
  }

  private static Sla map(ResultSet rs, int row) throws SQLException {
    return new Sla(rs.getLong("id"), rs.getLong("workspace_id"), rs.getString("process_id"),
        rs.getString("element_id"), rs.getString("target_app"), Duration.ofMinutes(rs.getInt("due_within_minutes")),
        Duration.ofMinutes(rs.getInt("remind_before_minutes")));
  }
}
