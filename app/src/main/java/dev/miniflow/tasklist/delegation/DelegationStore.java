package dev.miniflow.tasklist.delegation;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The task_delegation table. */
@Repository
class DelegationStore {
  private final JdbcClient jdbc;

  DelegationStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  long insert(long workspaceId, String username, String delegate, Instant startsAt, Instant endsAt,
      List<String> processes, String note) {
    return jdbc.sql("""
            insert into task_delegation(workspace_id, username, delegate, starts_at, ends_at, processes, note)
            values (:ws, :u, :d, :from, :until, :processes, :note) returning id""")
        .param("ws", workspaceId).param("u", username).param("d", delegate).param("from", Timestamp.from(startsAt))
        .param("until", Timestamp.from(endsAt)).param("processes", processes.toArray(String[]::new))
        .param("note", note).query(Long.class).single();
  }

  Optional<Delegation> find(long id) {
    return jdbc.sql("select * from task_delegation where id = :id").param("id", id).query(DelegationStore::map)
        .optional();
  }

  /** The user's delegations that have not ended yet, in every workspace, soonest first. */
  List<Delegation> current(String username, Instant now) {
    return jdbc.sql("""
            select * from task_delegation where username = :u and ended_at is null and ends_at > :now
            order by starts_at, id""")
        .param("u", username).param("now", Timestamp.from(now)).query(DelegationStore::map).list();
  }

  /** Delegations of the user in the workspace that have not ended by {@code now}. */
  List<Delegation> current(long workspaceId, String username, Instant now) {
    return jdbc.sql("""
            select * from task_delegation where workspace_id = :ws and username = :u and ended_at is null
              and ends_at > :now order by starts_at, id""")
        .param("ws", workspaceId).param("u", username).param("now", Timestamp.from(now))
        .query(DelegationStore::map).list();
  }

  boolean end(long id, Instant at) {
    return jdbc.sql("update task_delegation set ended_at = :at where id = :id and ended_at is null")
        .param("at", Timestamp.from(at)).param("id", id).update() == 1;
  }

  private static Delegation map(ResultSet rs, int row) throws SQLException {
    Array processes = rs.getArray("processes");
    return new Delegation(rs.getLong("id"), rs.getLong("workspace_id"), rs.getString("username"),
        rs.getString("delegate"), instant(rs.getTimestamp("starts_at")), instant(rs.getTimestamp("ends_at")),
        processes == null ? List.of() : Arrays.asList((String[]) processes.getArray()), rs.getString("note"),
        instant(rs.getTimestamp("created_at")), instant(rs.getTimestamp("ended_at")));
  }

  private static Instant instant(Timestamp ts) {
    return ts == null ? null : ts.toInstant();
  }
}
