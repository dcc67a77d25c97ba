package dev.miniflow.support;

import java.time.Instant;
import org.springframework.modulith.NamedInterface;

/**
 * An audit entry as the API answers with it (the release and workspace trails alike), so the
 * audit_event table can change without changing what clients read.
 */
@NamedInterface("api")
public record AuditEventView(
    Long id,
    Instant occurredAt,
    String actor,
    String action,
    String subjectType,
    String subjectId,
    Long workspaceId,
    String detail,
    /** The access token the action was taken with; null for a person's login or the system. */
    String via) {

  public static AuditEventView of(AuditEvent event) {
    return new AuditEventView(event.id(), event.occurredAt(), event.actor(), event.action(), event.subjectType(),
        event.subjectId(), event.workspaceId(), event.detail(), event.via());
  }
}
