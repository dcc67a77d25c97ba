package dev.miniflow.tasklist;

import static dev.miniflow.tasklist.UserTaskStore.ROW;
import static dev.miniflow.tasklist.UserTaskStore.instant;

import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** Reads of the user_task table for queues and figures: filtered, ordered, paged, counted. */
@Repository
class TaskSearch {
  private final JdbcClient jdbc;

  TaskSearch(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /**
   * One page of a queue with its filters and order. The queue condition is indexed (audience GIN,
   * assignee, completer); filters narrow it further.
   */
  List<UserTask> search(TaskQuery query, String user, Collection<String> audience, Collection<Long> adminWorkspaces,
      int limit) {
    Statement statement = statement(query, user, audience, adminWorkspaces, limit);
    return jdbc.sql(statement.sql()).params(statement.params()).query(ROW).list();
  }

  /** A query as it is sent: the query-plan test explains exactly these. */
  record Statement(String sql, java.util.Map<String, Object> params) {}

  Statement statement(TaskQuery query, String user, Collection<String> audience, Collection<Long> adminWorkspaces,
      int limit) {
    if (query.queue() == TaskQueries.Queue.AVAILABLE && query.sort() == TaskQuery.Sort.CREATED && !query.filtered()) {
      return available(audience, query.descending(), limit, query.page() * TaskQuery.PAGE_SIZE, query.after());
    }
    java.util.Map<String, Object> params = new java.util.HashMap<>();
    StringBuilder sql = new StringBuilder("select * from user_task where ")
        .append(where(query, user, audience, adminWorkspaces, params));
    after(query, sql, params);
    String direction = query.descending() ? " desc" : " asc";
    sql.append(" order by ").append(switch (query.sort()) {
      case CREATED ->
        query.queue() == TaskQueries.Queue.COMPLETED ? "completed_at" + direction : "created_at" + direction;
      case DUE -> "due_at" + direction + " nulls last, created_at";
      case PRIORITY -> "priority" + direction + ", created_at";
    }).append(", id").append(direction).append(" limit :limit offset :offset");
    params.put("limit", limit);
    params.put("offset", query.page() * TaskQuery.PAGE_SIZE);
    return new Statement(sql.toString(), params);
  }

  /**
   * "Unassigned in my groups" in arrival order, the queue approvers keep open (and refresh): the
   * first {@code offset + limit} tasks of each of the user's groups from {@code task_candidate}'s
   * ordered index, merged. A task of two of the user's groups is counted once.
   */
  private static Statement available(Collection<String> audience, boolean descending, int limit, int offset,
      TaskQuery.Position after) {
    String direction = descending ? " desc" : " asc";
    String from = after == null ? "" : " and (c.created_at, c.task_id) " + (descending ? "<" : ">")
        + " (:afterTime, :afterId)";
    java.util.Map<String, Object> params = new java.util.HashMap<>();
    params.put("audience", audience.toArray(String[]::new));
    params.put("window", offset + limit);
    params.put("limit", limit);
    params.put("offset", offset);
    params.put("afterTime", after == null ? null : Timestamp.from(after.createdAt()));
    params.put("afterId", after == null ? null : after.taskId());
    return new Statement("""
            select t.* from user_task t join (
              select distinct c.task_id from unnest(cast(:audience as text[])) m(member)
              cross join lateral (select task_id from task_candidate c where c.member = m.member%2$s
                order by c.created_at %1$s, c.task_id %1$s limit :window) c
            ) top on top.task_id = t.id
            where t.state = 'OPEN'
            order by t.created_at %1$s, t.id %1$s limit :limit offset :offset""".formatted(direction, from), params);
  }

  /** How many tasks the queue with its filters holds (a saved view's count), up to {@code cap}. */
  long count(TaskQuery query, String user, Collection<String> audience, Collection<Long> adminWorkspaces, int cap) {
    java.util.Map<String, Object> params = new java.util.HashMap<>();
    String where = where(query, user, audience, adminWorkspaces, params);
    params.put("cap", cap);
    return jdbc.sql("select count(*) from (select 1 from user_task where " + where + " limit :cap) capped")
        .params(params).query(Long.class).single();
  }

  /** The queue's condition and its filters (not the keyset position). */
  private static String where(TaskQuery query, String user, Collection<String> audience,
      Collection<Long> adminWorkspaces, java.util.Map<String, Object> params) {
    StringBuilder sql = new StringBuilder();
    params.put("u", user);
    params.put("audience", audience.toArray(String[]::new));
    params.put("admin", adminWorkspaces.isEmpty() ? List.of(-1L) : adminWorkspaces);
    sql.append(switch (query.queue()) {
      case MINE -> "assignee = :u and state = 'CLAIMED'";
      case AVAILABLE -> "state = 'OPEN' and audience && cast(:audience as text[])";
      case ALL ->
        "state in " + TaskState.UNFINISHED_SQL + " and (audience && cast(:audience as text[]) or assignee = :u"
            + " or workspace_id in (:admin))";
      case COMPLETED -> "completed_by = :u and state = 'COMPLETED'";
    });
    // a service token's queues are those of its one workspace (its owner's tasks elsewhere stay out)
    dev.miniflow.support.CallerToken.onlyWorkspaceOf(user).ifPresent(only -> {
      sql.append(" and workspace_id = :tokenWorkspace");
      params.put("tokenWorkspace", only);
    });
    if (query.process() != null) {
      sql.append(" and process_id = :process");
      params.put("process", query.process());
    }
    if (query.miniProgram() != null) {
      sql.append(" and mini_program ilike :mp escape '\\'");
      params.put("mp", like(query.miniProgram()));
    }
    if (query.targetApp() != null) {
      sql.append(" and target_app ilike :ta escape '\\'");
      params.put("ta", like(query.targetApp()));
    }
    if (query.text() != null) {
      sql.append(" and (name ilike :text escape '\\' or subject ilike :text escape '\\' or initiator = :exact)");
      params.put("text", like(query.text()));
      params.put("exact", query.text());
    }
    if (query.dueBefore() != null) {
      sql.append(" and due_at < :dueBefore");
      params.put("dueBefore", Timestamp.from(query.dueBefore()));
    }
    if (query.workspace() != null) {
      sql.append(" and workspace_id = :ws");
      params.put("ws", query.workspace());
    }
    if (query.olderThanHours() != null) {
      sql.append(" and created_at < now() - make_interval(hours => :hours)");
      params.put("hours", query.olderThanHours());
    }
    return sql.toString();
  }

  private static void after(TaskQuery query, StringBuilder sql, java.util.Map<String, Object> params) {
    if (query.after() != null) {
      sql.append(" and (created_at, id) ").append(query.descending() ? "<" : ">").append(" (:afterTime, :afterId)");
      params.put("afterTime", Timestamp.from(query.after().createdAt()));
      params.put("afterId", query.after().taskId());
    }
  }

  private static String like(String text) {
    return "%" + text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
  }

  List<TaskQueries.QueueStat> queueStats(long workspaceId, Instant now) {
    return jdbc.sql("""
            select g as candidate_group, count(*) as open, min(created_at) as oldest,
              count(*) filter (where due_at < :now) as past_due
            from user_task, unnest(candidate_groups) g
            where workspace_id = :ws and state in\s""" + TaskState.UNFINISHED_SQL + """
            group by g order by open desc, g""")
        .param("ws", workspaceId).param("now", Timestamp.from(now))
        .query((rs, n) -> new TaskQueries.QueueStat(rs.getString("candidate_group"), rs.getLong("open"),
            instant(rs.getTimestamp("oldest")), rs.getLong("past_due")))
        .list();
  }

  List<UserTask> pastDue(long workspaceId, Instant now, int limit) {
    return jdbc.sql("""
            select * from user_task where workspace_id = :ws and state in\s""" + TaskState.UNFINISHED_SQL + """
             and due_at < :now order by due_at limit :limit""")
        .param("ws", workspaceId).param("now", Timestamp.from(now)).param("limit", limit).query(ROW).list();
  }

  /** Open tasks due after {@code now}, soonest first. */
  List<UserTask> dueAfter(long workspaceId, Instant now, int limit) {
    return jdbc.sql("""
            select * from user_task where workspace_id = :ws and state in\s""" + TaskState.UNFINISHED_SQL + """
             and due_at >= :now order by due_at limit :limit""")
        .param("ws", workspaceId).param("now", Timestamp.from(now)).param("limit", limit).query(ROW).list();
  }

  long completedLate(long workspaceId, Instant from, Instant to) {
    return jdbc.sql("""
            select count(*) from user_task where workspace_id = :ws and state = 'COMPLETED'
              and completed_at >= :from and completed_at < :to and completed_at > due_at""")
        .param("ws", workspaceId).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
        .query(Long.class).single();
  }
}
