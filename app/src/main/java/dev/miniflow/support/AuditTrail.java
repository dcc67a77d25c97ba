package dev.miniflow.support;

import org.springframework.modulith.NamedInterface;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/** Records every decision and state change; joins the caller's transaction so both commit together. */
@Service
@NamedInterface("api")
public class AuditTrail {
  public static final String SYSTEM = "system";

  private final java.time.Clock clock;
  private final AuditEvents events;
  private final org.springframework.jdbc.core.simple.JdbcClient jdbc;

  AuditTrail(AuditEvents events, org.springframework.jdbc.core.simple.JdbcClient jdbc, java.time.Clock clock) {
    this.events = events;
    this.clock = clock;
    this.jdbc = jdbc;
  }

  /** Records {@code action} about its subject type's object {@code subjectId}. */
  @Transactional(propagation = Propagation.MANDATORY)
  public void record(String actor, AuditAction action, Object subjectId, Long workspaceId, String detail) {
    if (action.subjectType() == null) {
      throw new IllegalArgumentException(action.code() + " is about an object its caller names");
    }
    save(actor, action, action.subjectType(), subjectId, workspaceId, detail);
  }

  /**
   * Records an action that is about whichever object its caller names (its subject type is null),
   * e.g. a refused step about another module's release or grant.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public void record(String actor, AuditAction action, String subjectType, Object subjectId,
      Long workspaceId, String detail) {
    if (action.subjectType() != null) {
      throw new IllegalArgumentException(action.code() + " is always about a " + action.subjectType());
    }
    save(actor, action, subjectType, subjectId, workspaceId, detail);
  }

  /** A plain insert: on the hot path of every step, the repository's mapping cost more than the insert itself. */
  private void save(String actor, AuditAction action, String subjectType, Object subjectId, Long workspaceId,
      String detail) {
    jdbc.sql("""
            insert into audit_event(occurred_at, actor, action, subject_type, subject_id, workspace_id, detail, via)
            values (:at, :actor, :action, :type, :id, :ws, :detail, :via)""")
        .param("at", java.sql.Timestamp.from(clock.instant())).param("actor", actor).param("action", action.code())
        .param("type", subjectType).param("id", String.valueOf(subjectId)).param("ws", workspaceId)
        .param("detail", truncate(detail))
        // a worker's entry is the system's, even when a token's call runs the step in its thread
        .param("via", AuditTrail.SYSTEM.equals(actor) ? null : CallerToken.current().map(CallerToken::auditName)
            .orElse(null))
        .update();
  }

  public List<AuditEvent> forSubject(String subjectType, Object subjectId) {
    return events.findBySubject(subjectType, String.valueOf(subjectId));
  }

  /** Filters of the audit browser; null means "any". */
  @NamedInterface("api")
  public record Filter(String actor, String action, String subjectType, Instant from, Instant to) {}

  /** The workspace's events matching the filter, newest first. */
  public List<AuditEvent> search(long workspaceId, Filter filter, int limit) {
    StringBuilder sql = new StringBuilder("select * from audit_event where workspace_id = :ws");
    var params = new java.util.HashMap<String, Object>();
    params.put("ws", workspaceId);
    if (filter.actor() != null && !filter.actor().isBlank()) {
      sql.append(" and actor = :actor");
      params.put("actor", filter.actor().strip());
    }
    if (filter.action() != null && !filter.action().isBlank()) {
      sql.append(" and action like :action");
      params.put("action", filter.action().strip().replace("%", "\\%").replace("_", "\\_") + "%");
    }
    if (filter.subjectType() != null && !filter.subjectType().isBlank()) {
      sql.append(" and subject_type = :type");
      params.put("type", filter.subjectType().strip());
    }
    if (filter.from() != null) {
      sql.append(" and occurred_at >= :from");
      params.put("from", java.sql.Timestamp.from(filter.from()));
    }
    if (filter.to() != null) {
      sql.append(" and occurred_at < :to");
      params.put("to", java.sql.Timestamp.from(filter.to()));
    }
    sql.append(" order by id desc limit :limit");
    params.put("limit", limit);
    return jdbc.sql(sql.toString()).params(params).query(AuditEvent.class).list();
  }

  private static String truncate(String detail) {
    return detail == null || detail.length() <= 4000 ? detail : detail.substring(0, 3997) + "...";
  }
}
