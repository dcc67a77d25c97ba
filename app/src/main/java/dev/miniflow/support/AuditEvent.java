package dev.miniflow.support;

import org.springframework.modulith.NamedInterface;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** One entry of the append-only audit trail: who did what to which subject, when and why. */
@Table("audit_event")
@NamedInterface("api")
public record AuditEvent(
    @Id Long id,
    Instant occurredAt,
    String actor,
    String action,
    String subjectType,
    String subjectId,
    Long workspaceId,
    String detail,
    /** The access token the action was taken with; null for a person's login or the system. */
    String via) {}
