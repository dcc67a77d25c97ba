package dev.miniflow.tasklist;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The user_task table. Writes are conditional so concurrent actions cannot both win. */
@Repository
class UserTaskStore {
  private static final RowMapper<UserTask> ROW = UserTaskStore::map;
  private final JdbcClient jdbc;

  UserTaskStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** Idempotent on the job key: a job delivered twice is one task. */
  boolean insertOnce(long jobKey, long processInstanceKey, String processId, String elementId, String name,
      long workspaceId, String businessKey, String subject, String initiator, List<String> candidateGroups,
      List<String> candidateUsers, String assignee, Long formKey, Instant dueAt) {
    String[] groups = candidateGroups.toArray(String[]::new);
    String[] users = candidateUsers.toArray(String[]::new);
    String[] audience = java.util.stream.Stream.concat(candidateGroups.stream().map(g -> workspaceId + ":" + g),
        candidateUsers.stream().map(u -> workspaceId + ":user:" + u)).toArray(String[]::new);
    return jdbc.sql("""
            insert into user_task(job_key, process_instance_key, process_id, element_id, name, workspace_id,
              business_key, subject, initiator, candidate_groups, candidate_users, audience, assignee, form_key, due_at, state)
            values (:jobKey, :pik, :processId, :elementId, :name, :ws, :businessKey, :subject, :initiator, :groups, :users, :audience,
              :assignee, :formKey, :dueAt, :state)
            on conflict (job_key) do nothing""")
        .param("jobKey", jobKey).param("pik", processInstanceKey).param("processId", processId)
        .param("elementId", elementId).param("name", name).param("ws", workspaceId)
        .param("businessKey", businessKey).param("subject", subject).param("initiator", initiator)
        .param("groups", groups).param("users", users).param("audience", audience)
        .param("assignee", assignee).param("formKey", formKey)
        .param("dueAt", dueAt == null ? null : Timestamp.from(dueAt))
        .param("state", assignee == null ? TaskState.OPEN.name() : TaskState.CLAIMED.name())
        .update() == 1;
  }

  Optional<UserTask> find(long id) {
    return jdbc.sql("select * from user_task where id = :id").param("id", id).query(ROW).optional();
  }

  Optional<UserTask> findByJobKey(long jobKey) {
    return jdbc.sql("select * from user_task where job_key = :k").param("k", jobKey).query(ROW).optional();
  }

  /** Open tasks offered to any of the audience pairs ("workspaceId:group"), oldest first. */
  List<UserTask> offeredTo(Collection<String> audience, int limit) {
    if (audience.isEmpty()) {
      return List.of();
    }
    return jdbc.sql("""
            select * from user_task where state in ('OPEN', 'CLAIMED') and audience && cast(:audience as text[])
            order by created_at, id limit :limit""")
        .param("audience", audience.toArray(String[]::new)).param("limit", limit).query(ROW).list();
  }

  List<UserTask> assignedTo(String username, int limit) {
    return jdbc.sql("select * from user_task where assignee = :u and state = 'CLAIMED' order by created_at, id limit :limit")
        .param("u", username).param("limit", limit).query(ROW).list();
  }

  List<UserTask> completedBy(String username, int limit) {
    return jdbc.sql("select * from user_task where completed_by = :u and state = 'COMPLETED' order by completed_at desc limit :limit")
        .param("u", username).param("limit", limit).query(ROW).list();
  }

  List<UserTask> ofProcessInstance(long processInstanceKey) {
    return jdbc.sql("select * from user_task where process_instance_key = :k order by id")
        .param("k", processInstanceKey).query(ROW).list();
  }

  List<UserTask> openAbout(String processId, String businessKey) {
    return jdbc.sql("select * from user_task where process_id = :p and business_key = :b and state in ('OPEN', 'CLAIMED')")
        .param("p", processId).param("b", businessKey).query(ROW).list();
  }

  boolean claim(long id, int lockVersion, String username) {
    return jdbc.sql("""
            update user_task set state = 'CLAIMED', assignee = :u, lock_version = lock_version + 1
            where id = :id and lock_version = :v and state in ('OPEN', 'CLAIMED')""")
        .param("u", username).param("id", id).param("v", lockVersion).update() == 1;
  }

  boolean unclaim(long id, int lockVersion) {
    return jdbc.sql("""
            update user_task set state = 'OPEN', assignee = null, lock_version = lock_version + 1
            where id = :id and lock_version = :v and state = 'CLAIMED'""")
        .param("id", id).param("v", lockVersion).update() == 1;
  }

  boolean complete(long id, int lockVersion, String username, String outcome) {
    return jdbc.sql("""
            update user_task set state = 'COMPLETED', assignee = :u, completed_by = :u, completed_at = now(),
              outcome = :outcome, lock_version = lock_version + 1
            where id = :id and lock_version = :v and state in ('OPEN', 'CLAIMED')""")
        .param("u", username).param("outcome", outcome).param("id", id).param("v", lockVersion).update() == 1;
  }

  void cancel(long id) {
    jdbc.sql("update user_task set state = 'CANCELED', lock_version = lock_version + 1 where id = :id and state in ('OPEN', 'CLAIMED')")
        .param("id", id).update();
  }

  private static UserTask map(ResultSet rs, int row) throws SQLException {
    return new UserTask(
        rs.getLong("id"), rs.getLong("job_key"), rs.getLong("process_instance_key"), rs.getString("process_id"),
        rs.getString("element_id"), rs.getString("name"), rs.getLong("workspace_id"), rs.getString("business_key"), rs.getString("subject"),
        rs.getString("initiator"), strings(rs.getArray("candidate_groups")), strings(rs.getArray("candidate_users")), rs.getString("assignee"),
        (Long) rs.getObject("form_key"), instant(rs.getTimestamp("due_at")), TaskState.valueOf(rs.getString("state")),
        instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("completed_at")), rs.getString("completed_by"),
        rs.getString("outcome"), rs.getInt("lock_version"));
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
