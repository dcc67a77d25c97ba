package dev.miniflow.authorization;

import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A developer's request for time-limited access to a mini program, and the grant it may become. */
@Table("access_grant")
public record AccessGrant(
    @Id Long id,
    Long workspaceId,
    Long miniProgramId,
    String grantee,
    List<String> scopes,
    int days,
    String justification,
    GrantStatus status,
    Instant requestedAt,
    String decidedBy,
    String decisionComment,
    Instant decidedAt,
    Instant startsAt,
    Instant expiresAt,
    String endedBy,
    Instant endedAt,
    Long processInstanceKey) {}
