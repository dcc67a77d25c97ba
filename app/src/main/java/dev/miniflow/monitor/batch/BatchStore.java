package dev.miniflow.monitor.batch;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The rows of batch_operation and its items; items are claimed one at a time (skip locked). */
@Repository
class BatchStore {
  private final JdbcClient jdbc;
  private final ObjectMapper json;

  BatchStore(JdbcClient jdbc, ObjectMapper json) {
    this.jdbc = jdbc;
    this.json = json;
  }

  /** A new item before it is stored: which instance (and incident), in which workspace. */
  record NewItem(long processInstanceKey, Long incidentKey, long workspaceId, String subject) {}

  long insert(BatchOperation.Kind kind, BatchOperation.Criteria criteria, String createdBy, List<NewItem> items) {
    String filter;
    try {
      filter = json.writeValueAsString(criteria);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    long id = jdbc.sql("insert into batch_operation (kind, filter, created_by, total)"
        + " values (:kind, cast(:filter as jsonb), :by, :total) returning id").param("kind", kind.name())
        .param("filter", filter).param("by", createdBy).param("total", items.size()).query(Long.class).single();
    for (int i = 0; i < items.size(); i++) {
      NewItem item = items.get(i);
      jdbc.sql("""
          insert into batch_operation_item (batch_id, item_no, process_instance_key, incident_key, workspace_id, subject)
          values (:b, :no, :pi, :incident, :ws, :subject)""").param("b", id).param("no", i + 1)
          .param("pi", item.processInstanceKey()).param("incident", item.incidentKey())
          .param("ws", item.workspaceId()).param("subject", item.subject()).update();
    }
    return id;
  }

  /** The batch, if it touches one of these workspaces, with its items in them. */
  Optional<BatchOperation> find(long id, Collection<Long> workspaces) {
    List<BatchOperation.Item> items =
        jdbc.sql("select * from batch_operation_item where batch_id = :b and workspace_id in (:ws)"
            + " order by item_no").param("b", id).param("ws", workspaces).query(BatchStore::item).list();
    if (items.isEmpty()) {
      return Optional.empty();
    }
    return jdbc.sql(BATCH_SELECT + " where b.id = :b").param("b", id).param("ws", workspaces)
        .query((rs, n) -> batch(rs, items)).optional();
  }

  /** The latest batches touching these workspaces, without their items. */
  List<BatchOperation> recent(Collection<Long> workspaces, int limit) {
    return jdbc.sql(BATCH_SELECT + " where exists (select 1 from batch_operation_item i where i.batch_id = b.id"
        + " and i.workspace_id in (:ws)) order by b.id desc limit :limit").param("ws", workspaces)
        .param("limit", limit).query((rs, n) -> batch(rs, List.of())).list();
  }

  List<Long> unfinished() {
    return jdbc.sql("select id from batch_operation where finished_at is null order by id").query(Long.class).list();
  }

  /** The next pending item, locked until the caller's transaction ends; other runners skip it. */
  Optional<Claimed> claimNext(long batchId) {
    return jdbc.sql("""
        select i.*, b.kind, b.created_by, cast(b.filter ->> 'targetDefinitionKey' as bigint) as target
        from batch_operation_item i join batch_operation b on b.id = i.batch_id
        where i.batch_id = :b and i.state = 'PENDING' order by i.item_no limit 1 for update of i skip locked""")
        .param("b", batchId).query((rs, n) -> new Claimed(batchId, rs.getInt("item_no"),
            BatchOperation.Kind.valueOf(rs.getString("kind")), rs.getString("created_by"),
            rs.getLong("process_instance_key"), (Long) rs.getObject("incident_key"), (Long) rs.getObject("target")))
        .optional();
  }

  record Claimed(long batchId, int no, BatchOperation.Kind kind, String createdBy, long processInstanceKey,
      Long incidentKey, Long targetDefinitionKey) {}

  void settle(long batchId, int no, boolean done, String message) {
    jdbc.sql("update batch_operation_item set state = :state, message = :message, done_at = now()"
        + " where batch_id = :b and item_no = :no and state = 'PENDING'").param("b", batchId).param("no", no)
        .param("state", done ? "DONE" : "FAILED")
        .param("message", message == null ? null : message.substring(0, Math.min(message.length(), 1000))).update();
  }

  /** Marks the batch finished once no item is pending. */
  void finishIfDone(long batchId) {
    jdbc.sql("update batch_operation set finished_at = now() where id = :b and finished_at is null and not exists"
        + " (select 1 from batch_operation_item where batch_id = :b and state = 'PENDING')").param("b", batchId)
        .update();
  }

  /**
   * Counted over the items of the reader's workspaces only (:ws); {@code everything} says whether
   * those are all of them (else the filter's text, typed by an admin of another workspace, is not shown).
   */
  private static final String BATCH_SELECT = """
      select b.*, (select count(*) from batch_operation_item i where i.batch_id = b.id and i.workspace_id in (:ws))
          as visible,
        (select count(*) from batch_operation_item i where i.batch_id = b.id and i.workspace_id in (:ws)
          and i.state = 'DONE') as done,
        (select count(*) from batch_operation_item i where i.batch_id = b.id and i.workspace_id in (:ws)
          and i.state = 'FAILED') as failed
      from batch_operation b""";

  private BatchOperation batch(ResultSet rs, List<BatchOperation.Item> items) throws SQLException {
    BatchOperation.Criteria criteria;
    try {
      criteria = json.readValue(rs.getString("filter"), BatchOperation.Criteria.class);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
    int visible = rs.getInt("visible");
    if (visible < rs.getInt("total")) {
      criteria = new BatchOperation.Criteria(criteria.process(), criteria.state(), null, criteria.from(),
          criteria.to(), criteria.targetDefinitionKey());
    }
    return new BatchOperation(rs.getLong("id"), BatchOperation.Kind.valueOf(rs.getString("kind")), criteria,
        rs.getString("created_by"), instant(rs, "created_at"), instant(rs, "finished_at"), visible,
        rs.getInt("done"), rs.getInt("failed"), items);
  }

  private static BatchOperation.Item item(ResultSet rs, int n) throws SQLException {
    return new BatchOperation.Item(rs.getInt("item_no"), rs.getLong("process_instance_key"),
        (Long) rs.getObject("incident_key"), rs.getLong("workspace_id"), rs.getString("subject"),
        rs.getString("state"), rs.getString("message"), instant(rs, "done_at"), null, null);
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }
}
