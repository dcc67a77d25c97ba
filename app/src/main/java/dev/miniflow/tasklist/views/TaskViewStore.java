package dev.miniflow.tasklist.views;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.tasklist.TaskFilter;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The task_view and task_view_default tables; filters are stored as JSON. */
@Repository
class TaskViewStore {
  private final JdbcClient jdbc;
  private final ObjectMapper json;

  TaskViewStore(JdbcClient jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  long insert(long workspaceId, String owner, String name, TaskFilter filter, String sharedRole) {
    return jdbc
        .sql(
            """
            insert into task_view(workspace_id, owner, name, filter, shared_role)
            values (:ws, :owner, :name, :filter, :role) on conflict (workspace_id, owner, name) do nothing returning id""")
        .param("ws", workspaceId).param("owner", owner).param("name", name).param("filter", write(filter))
        .param("role", sharedRole).query(Long.class).optional().orElse(-1L);
  }

  boolean update(long id, String name, TaskFilter filter, String sharedRole) {
    return jdbc.sql("update task_view set name = :name, filter = :filter, shared_role = :role where id = :id")
        .param("name", name).param("filter", write(filter)).param("role", sharedRole).param("id", id).update() == 1;
  }

  void delete(long id) {
    jdbc.sql("delete from task_view where id = :id").param("id", id).update();
  }

  Optional<SavedView> find(long id) {
    return jdbc.sql("select * from task_view where id = :id").param("id", id).query(this::map).optional();
  }

  long countShared(long workspaceId) {
    return jdbc.sql("select count(*) from task_view where workspace_id = :ws and shared_role is not null")
        .param("ws", workspaceId).query(Long.class).single();
  }

  long countOwned(String owner) {
    return jdbc.sql("select count(*) from task_view where owner = :o").param("o", owner).query(Long.class).single();
  }

  /**
   * The user's own views in their workspaces, and the views shared with a role they hold there
   * ({@code roles}: "<workspace>:<ROLE>").
   */
  List<SavedView> visible(String user, Collection<Long> workspaces, Collection<String> roles) {
    return jdbc.sql("""
            select * from task_view where workspace_id in (:ws)
              and (owner = :u or workspace_id || ':' || shared_role in (:roles))
            order by workspace_id, shared_role nulls first, name, id""")
        .param("ws", workspaces.isEmpty() ? List.of(-1L) : workspaces).param("u", user)
        .param("roles", roles.isEmpty() ? List.of("-") : roles).query(this::map).list();
  }

  Optional<Long> defaultOf(String user) {
    return jdbc.sql("select view_id from task_view_default where username = :u").param("u", user).query(Long.class)
        .optional();
  }

  void setDefault(String user, Long viewId) {
    if (viewId == null) {
      jdbc.sql("delete from task_view_default where username = :u").param("u", user).update();
      return;
    }
    jdbc.sql("""
            insert into task_view_default(username, view_id) values (:u, :v)
            on conflict (username) do update set view_id = excluded.view_id""")
        .param("u", user).param("v", viewId).update();
  }

  private SavedView map(ResultSet rs, int row) throws SQLException {
    return new SavedView(rs.getLong("id"), rs.getLong("workspace_id"), rs.getString("owner"), rs.getString("name"),
        read(rs.getString("filter")), rs.getString("shared_role"), rs.getTimestamp("created_at").toInstant());
  }

  private String write(TaskFilter filter) {
    try {
      return json.writeValueAsString(filter);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private TaskFilter read(String text) {
    try {
      return json.readValue(text, TaskFilter.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("Unreadable saved view filter", e);
    }
  }
}
