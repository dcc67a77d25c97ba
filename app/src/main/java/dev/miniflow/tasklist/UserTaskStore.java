package dev.miniflow.tasklist;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.RowMapper;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The user_task table. Writes are conditional so concurrent actions cannot both win. */
@Repository
class UserTaskStore {
  static final RowMapper<UserTask> ROW = UserTaskStore::map;
  private final JdbcClient jdbc;

  UserTaskStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * The task, unless an open one of this job is stored already (a job delivered twice is one task);
   * {@code about} may be null (described later). Only open tasks count: finished ones may carry
   * the key of an emptied embedded engine's job (migration 027).
   */
  Optional<UserTask> insertOnce(long jobKey, long processInstanceKey, String processId, String elementId,
      String name, long workspaceId, String businessKey, String subject, TaskContextProvider.About about,
      String initiator, List<String> excluded, List<String> candidateGroups, List<String> candidateUsers,
      String assignee, Long formKey, Instant dueAt, long processDefinitionKey, int priority) {
    TaskContextProvider.About described = about == null ? TaskContextProvider.About.UNKNOWN : about;
    String[] groups = candidateGroups.toArray(String[]::new);
    String[] users = candidateUsers.toArray(String[]::new);
    String[] audience = java.util.stream.Stream.concat(candidateGroups.stream().map(g -> workspaceId + ":" + g),
        candidateUsers.stream().map(u -> workspaceId + ":user:" + u)).toArray(String[]::new);
    return jdbc.sql("""
            insert into user_task(job_key, process_instance_key, process_id, element_id, name, workspace_id,
              business_key, subject, initiator, excluded, candidate_groups, candidate_users, audience, assignee, form_key, due_at,
              state, process_definition_key, priority, mini_program, target_app, environment)
            values (:jobKey, :pik, :processId, :elementId, :name, :ws, :businessKey, :subject, :initiator, :excluded, :groups,
              :users, :audience, :assignee, :formKey, :dueAt, :state, :pdk, :priority, :mp, :ta, :env)
            on conflict (job_key) where state in\s""" + TaskState.UNFINISHED_SQL + " do nothing returning *")
        .param("jobKey", jobKey).param("pik", processInstanceKey).param("processId", processId)
        .param("elementId", elementId).param("name", name).param("ws", workspaceId)
        .param("businessKey", businessKey).param("subject", subject).param("initiator", initiator)
        .param("excluded", excluded.toArray(String[]::new))
        .param("groups", groups).param("users", users).param("audience", audience)
        .param("assignee", assignee).param("formKey", formKey)
        .param("dueAt", dueAt == null ? null : Timestamp.from(dueAt))
        .param("state", assignee == null ? TaskState.OPEN.name() : TaskState.CLAIMED.name())
        .param("pdk", processDefinitionKey).param("priority", priority)
        .param("mp", truncate(described.miniProgram())).param("ta", truncate(described.targetApp()))
        .param("env", environment(described))
        .query(ROW).optional();
  }

  void describe(long id, TaskContextProvider.About about) {
    jdbc.sql("update user_task set mini_program = :mp, target_app = :ta, environment = :env where id = :id")
        .param("mp", truncate(about.miniProgram())).param("ta", truncate(about.targetApp()))
        .param("env", environment(about)).param("id", id).update();
  }

  private static String environment(TaskContextProvider.About about) {
    return about.environment() == null || about.environment().length() > 32 ? null : about.environment();
  }

  void hurry(long id, int priority, Instant dueBy) {
    jdbc.sql("""
            update user_task set priority = greatest(priority, :p),
              due_at = case when due_at is null or due_at > :due then :due else due_at end
            where id = :id and state in\s""" + TaskState.UNFINISHED_SQL)
        .param("p", priority).param("due", Timestamp.from(dueBy)).param("id", id).update();
  }

  void setDue(long id, Instant dueAt) {
    jdbc.sql("update user_task set due_at = :due where id = :id").param("due", Timestamp.from(dueAt)).param("id", id)
        .update();
  }

  /** Each task's environment (see {@link TaskContextProvider.About}), by task id. */
  java.util.Map<Long, String> environments(java.util.Collection<Long> ids) {
    java.util.Map<Long, String> environments = new java.util.HashMap<>();
    jdbc.sql("select id, environment from user_task where id in (:ids)").param("ids", ids)
        .query(rs -> {
          environments.put(rs.getLong("id"), rs.getString("environment"));
        });
    return environments;
  }

  private static String truncate(String value) {
    return value == null || value.length() <= 256 ? value : value.substring(0, 255) + "…";
  }

  boolean assign(long id, int lockVersion, String username) {
    return jdbc.sql("""
            update user_task set state = 'CLAIMED', assignee = :u, lock_version = lock_version + 1
            where id = :id and lock_version = :v and state in\s""" + TaskState.UNFINISHED_SQL)
        .param("u", username).param("id", id).param("v", lockVersion).update() == 1;
  }

  void comment(long taskId, String author, String body) {
    jdbc.sql("insert into task_comment(task_id, author, body) values (:t, :a, :b)")
        .param("t", taskId).param("a", author).param("b", body).update();
  }

  /** Comments on every task about the same business object (instance keys repeat after an embedded restart). */
  List<TaskComment> commentsAbout(UserTask task) {
    return jdbc.sql("""
            select c.*, t.name as task_name from task_comment c join user_task t on t.id = c.task_id
            where t.process_id = :p and t.business_key = :b and t.workspace_id = :ws order by c.created_at, c.id""")
        .param("p", task.processId()).param("b", task.businessKey()).param("ws", task.workspaceId())
        .query((rs, n) -> new TaskComment(rs.getLong("id"), rs.getLong("task_id"), rs.getString("task_name"),
            rs.getString("author"), rs.getString("body"), rs.getTimestamp("created_at").toInstant()))
        .list();
  }

  Optional<UserTask> find(long id) {
    return jdbc.sql("select * from user_task where id = :id").param("id", id).query(ROW).optional();
  }

  /** The latest task of the job key: an emptied embedded engine hands out keys that older, finished tasks carry. */
  Optional<UserTask> findByJobKey(long jobKey) {
    return jdbc.sql("select * from user_task where job_key = :k order by id desc limit 1").param("k", jobKey)
        .query(ROW).optional();
  }

  List<UserTask> openTasks() {
    return jdbc.sql("select * from user_task where state in " + TaskState.UNFINISHED_SQL + " order by id").query(ROW)
        .list();
  }

  List<UserTask> ofProcessInstance(long processInstanceKey) {
    return jdbc.sql("select * from user_task where process_instance_key = :k order by id")
        .param("k", processInstanceKey).query(ROW).list();
  }

  List<UserTask> about(UserTask task) {
    return jdbc
        .sql("select * from user_task where process_id = :p and business_key = :b and workspace_id = :ws order by id")
        .param("p", task.processId()).param("b", task.businessKey()).param("ws", task.workspaceId()).query(ROW).list();
  }

  /**
   * Takes over the latest completed, not yet recorded decision of the instance's task about the
   * object, once: a decision step records each human decision at most one time.
   */
  Optional<UserTask> takeDecision(String processId, long processInstanceKey, String businessKey) {
    // The person's completion tells the engine before it commits, so this step may run first:
    // locking the instance's tasks about the object (whatever their state) waits for that commit.
    jdbc.sql("""
            select id from user_task where process_id = :p and process_instance_key = :k and business_key = :b
            order by id for update""")
        .param("p", processId).param("k", processInstanceKey).param("b", businessKey).query(Long.class).list();
    return jdbc.sql("""
            update user_task set decision_recorded_at = now() where id = (
              select id from user_task where process_id = :p and process_instance_key = :k and business_key = :b
                and state = 'COMPLETED' and decision_recorded_at is null order by completed_at desc, id desc limit 1)
            returning *""")
        .param("p", processId).param("k", processInstanceKey).param("b", businessKey).query(ROW).optional();
  }

  List<UserTask> openAbout(String processId, String businessKey) {
    return jdbc
        .sql("select * from user_task where process_id = :p and business_key = :b and state in "
            + TaskState.UNFINISHED_SQL)
        .param("p", processId).param("b", businessKey).query(ROW).list();
  }

  /** Like {@link #openAbout}, for the process and its workspace variants ({@code <process>.ws-<id>}). */
  List<UserTask> openAboutProcess(String processId, String businessKey) {
    return jdbc
        .sql("select * from user_task where (process_id = :p or process_id like :variants) and business_key = :b"
            + " and state in " + TaskState.UNFINISHED_SQL + " order by id")
        .param("p", processId).param("variants", processId + ".ws-%").param("b", businessKey).query(ROW).list();
  }

  boolean claim(long id, int lockVersion, String username) {
    return jdbc.sql("""
            update user_task set state = 'CLAIMED', assignee = :u, lock_version = lock_version + 1
            where id = :id and lock_version = :v and state in\s""" + TaskState.UNFINISHED_SQL)
        .param("u", username).param("id", id).param("v", lockVersion).update() == 1;
  }

  boolean unclaim(long id, int lockVersion) {
    return jdbc.sql("""
            update user_task set state = 'OPEN', assignee = null, lock_version = lock_version + 1
            where id = :id and lock_version = :v and state = 'CLAIMED'""")
        .param("id", id).param("v", lockVersion).update() == 1;
  }

  /** Puts every task the user claimed in the workspace back in its queue; returns those tasks' ids. */
  List<Long> handBackAll(long workspaceId, String username) {
    return jdbc.sql("""
            update user_task set state = 'OPEN', assignee = null, lock_version = lock_version + 1
            where workspace_id = :ws and assignee = :u and state = 'CLAIMED' returning id""")
        .param("ws", workspaceId).param("u", username).query(Long.class).list();
  }

  List<UserTask> claimedBy(long workspaceId, String username) {
    return jdbc
        .sql("select * from user_task where workspace_id = :ws and assignee = :u and state = 'CLAIMED' order by id")
        .param("ws", workspaceId).param("u", username).query(ROW).list();
  }

  /**
   * Makes the user a candidate of the open task (a delegate), and with {@code assign} its holder;
   * conditional on the version read.
   */
  boolean offer(long id, int lockVersion, String username, boolean assign) {
    return jdbc.sql("""
            update user_task set
              candidate_users = case when :u = any(candidate_users) then candidate_users
                else array_append(candidate_users, cast(:u as text)) end,
              audience = case when workspace_id || ':user:' || :u = any(audience) then audience
                else array_append(audience, workspace_id || ':user:' || :u) end,
              assignee = case when :assign then cast(:u as varchar) else assignee end,
              state = case when :assign then 'CLAIMED' else state end,
              lock_version = lock_version + 1
            where id = :id and lock_version = :v and state in\s""" + TaskState.UNFINISHED_SQL)
        .param("u", username).param("assign", assign).param("id", id).param("v", lockVersion).update() == 1;
  }

  /**
   * Takes back the offers of the ended delegation: the delegate stops being a candidate of those
   * tasks still open and unclaimed (unless the model named them itself). Returns those tasks' ids.
   */
  List<Long> withdrawOffers(long delegationId, String delegate) {
    return jdbc.sql("""
            update user_task t set candidate_users = array_remove(candidate_users, cast(:d as text)),
              audience = array_remove(audience, t.workspace_id || ':user:' || :d), lock_version = lock_version + 1
            from task_delegation_offer o
            where o.delegation_id = :delegation and o.task_id = t.id and t.state = 'OPEN'
            returning t.id""")
        .param("d", delegate).param("delegation", delegationId).query(Long.class).list();
  }

  void recordOffer(long delegationId, long taskId) {
    jdbc.sql("insert into task_delegation_offer(delegation_id, task_id) values (:d, :t) on conflict do nothing")
        .param("d", delegationId).param("t", taskId).update();
  }

  boolean complete(long id, int lockVersion, String username, String outcome) {
    return jdbc.sql("""
            update user_task set state = 'COMPLETED', assignee = :u, completed_by = :u, completed_at = now(),
              outcome = :outcome, lock_version = lock_version + 1,
              -- the roles as they are at this moment, for the evidence of what was decided
              completed_by_roles = array(select m.role from workspace_member m join app_user u on u.id = m.user_id
                where m.workspace_id = user_task.workspace_id and u.username = :u order by m.role)
            where id = :id and lock_version = :v and state in\s""" + TaskState.UNFINISHED_SQL)
        .param("u", username).param("outcome", outcome).param("id", id).param("v", lockVersion).update() == 1;
  }

  void cancel(long id) {
    jdbc.sql(
        "update user_task set state = 'CANCELED', lock_version = lock_version + 1 where id = :id and state in "
            + TaskState.UNFINISHED_SQL)
        .param("id", id).update();
  }

  private static UserTask map(ResultSet rs, int row) throws SQLException {
    return new UserTask(
        rs.getLong("id"), rs.getLong("job_key"), rs.getLong("process_instance_key"), rs.getString("process_id"),
        rs.getString("element_id"), rs.getString("name"), rs.getLong("workspace_id"), rs.getString("business_key"),
        rs.getString("subject"),
        rs.getString("initiator"), strings(rs.getArray("candidate_groups")), strings(rs.getArray("candidate_users")),
        rs.getString("assignee"),
        (Long) rs.getObject("form_key"), instant(rs.getTimestamp("due_at")), TaskState.valueOf(rs.getString("state")),
        instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("completed_at")), rs.getString("completed_by"),
        rs.getString("outcome"), rs.getInt("lock_version"), (Long) rs.getObject("process_definition_key"),
        rs.getInt("priority"), rs.getString("mini_program"), rs.getString("target_app"),
        strings(rs.getArray("excluded")));
  }

  private static List<String> strings(Array array) throws SQLException {
    return array == null ? List.of() : Arrays.asList((String[]) array.getArray());
  }

  static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
