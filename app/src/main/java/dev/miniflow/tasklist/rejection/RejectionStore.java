package dev.miniflow.tasklist.rejection;

import dev.miniflow.tasklist.UserTask;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The rejection_reason, task_rejection and task_recheck tables. */
@Repository
class RejectionStore {
  private final JdbcClient jdbc;

  RejectionStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  long insert(long workspaceId, String title, String description) {
    return jdbc.sql("""
            insert into rejection_reason(workspace_id, title, description) values (:ws, :t, :d)
            on conflict (workspace_id, title) do nothing returning id""")
        .param("ws", workspaceId).param("t", title).param("d", description).query(Long.class).optional().orElse(-1L);
  }

  void update(long id, String title, String description) {
    jdbc.sql("update rejection_reason set title = :t, description = :d where id = :id")
        .param("t", title).param("d", description).param("id", id).update();
  }

  void retire(long id, Instant at) {
    jdbc.sql("update rejection_reason set retired_at = :at where id = :id and retired_at is null")
        .param("at", Timestamp.from(at)).param("id", id).update();
  }

  Optional<RejectionReason> find(long id) {
    return jdbc.sql("select * from rejection_reason where id = :id").param("id", id).query(RejectionStore::reason)
        .optional();
  }

  List<RejectionReason> ofWorkspace(long workspaceId, boolean withRetired) {
    return jdbc.sql("select * from rejection_reason where workspace_id = :ws"
        + (withRetired ? "" : " and retired_at is null") + " order by retired_at nulls first, title")
        .param("ws", workspaceId).query(RejectionStore::reason).list();
  }

  void recordRejection(long taskId, long reasonId, String location) {
    jdbc.sql("insert into task_rejection(task_id, reason_id, location) values (:t, :r, :l)")
        .param("t", taskId).param("r", reasonId).param("l", location).update();
  }

  void recordRecheck(long taskId, long rejectedTaskId, long reasonId, boolean fixed) {
    jdbc.sql("""
            insert into task_recheck(task_id, rejected_task_id, reason_id, fixed) values (:t, :rt, :r, :f)""")
        .param("t", taskId).param("rt", rejectedTaskId).param("r", reasonId).param("f", fixed).update();
  }

  List<Rejections.Cited> citedBy(long taskId) {
    return jdbc.sql("""
            select r.*, x.location from task_rejection x join rejection_reason r on r.id = x.reason_id
            where x.task_id = :t order by r.title""")
        .param("t", taskId).query((rs, n) -> new Rejections.Cited(reason(rs, n), rs.getString("location"))).list();
  }

  /** The reviewer's answers on the task about an earlier rejection's reasons. */
  List<Rejections.Recheck> rechecksOf(long taskId) {
    return jdbc.sql("select reason_id, fixed from task_recheck where task_id = :t order by reason_id")
        .param("t", taskId).query((rs, n) -> new Rejections.Recheck(rs.getLong("reason_id"), rs.getBoolean("fixed")))
        .list();
  }

  /**
   * The latest rejection with reasons of the same mini program for the same target app in the same
   * kind of process, before this task.
   */
  Optional<Long> earlierRejection(UserTask task) {
    return jdbc.sql("""
            select t.id from user_task t where t.workspace_id = :ws and t.state = 'COMPLETED' and t.id < :id
              and (t.process_id = :p or t.process_id like :variants) and t.mini_program = :mp
              and t.target_app is not distinct from :ta and exists (select 1 from task_rejection x where x.task_id = t.id)
            order by t.completed_at desc, t.id desc limit 1""")
        .param("ws", task.workspaceId()).param("id", task.id()).param("p", task.processId())
        .param("variants", task.processId() + ".ws-%").param("mp", task.miniProgram())
        .param("ta", task.targetApp()).query(Long.class).optional();
  }

  /** The latest task with reasons about the business object. */
  Optional<Long> latestRejectionAbout(long workspaceId, String processId, String businessKey) {
    return jdbc.sql("""
            select t.id from user_task t where t.workspace_id = :ws and (t.process_id = :p or t.process_id like :variants)
              and t.business_key = :b and exists (select 1 from task_rejection x where x.task_id = t.id)
            order by t.id desc limit 1""")
        .param("ws", workspaceId).param("p", processId).param("variants", processId + ".ws-%")
        .param("b", businessKey).query(Long.class).optional();
  }

  String businessKeyOf(long taskId) {
    return jdbc.sql("select business_key from user_task where id = :t").param("t", taskId).query(String.class)
        .single();
  }

  private static RejectionReason reason(ResultSet rs, int row) throws SQLException {
    Timestamp retired = rs.getTimestamp("retired_at");
    return new RejectionReason(rs.getLong("id"), rs.getLong("workspace_id"), rs.getString("title"),
        rs.getString("description"), retired == null ? null : retired.toInstant());
  }
}
