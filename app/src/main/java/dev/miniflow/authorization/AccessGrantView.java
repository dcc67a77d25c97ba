package dev.miniflow.authorization;

import java.time.Instant;
import java.util.List;

/**
 * An access request or grant as the API answers with it: its own type, so the access_grant table can change
 * without clients seeing it.
 */
record AccessGrantView(
    Long id,
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
    Long processInstanceKey) {

  static AccessGrantView of(AccessGrant g) {
    return new AccessGrantView(g.id(), g.workspaceId(), g.miniProgramId(), g.grantee(), g.scopes(), g.days(),
        g.justification(), g.status(), g.requestedAt(), g.decidedBy(), g.decisionComment(), g.decidedAt(),
        g.startsAt(), g.expiresAt(), g.endedBy(), g.endedAt(), g.processInstanceKey());
  }
}
