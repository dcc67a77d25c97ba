package dev.miniflow.token;

import java.time.Instant;
import java.util.Set;

/** One token as stored (its secret's hash stays in the store). */
record AccessToken(long id, TokenKind kind, String owner, Long workspaceId, String name, Set<TokenScope> scopes,
    Instant createdAt, Instant expiresAt, Instant lastUsedAt, Instant revokedAt, String revokedBy) {

  enum Status { ACTIVE, EXPIRED, REVOKED }

  Status status(Instant now) {
    if (revokedAt != null) {
      return Status.REVOKED;
    }
    return now.isBefore(expiresAt) ? Status.ACTIVE : Status.EXPIRED;
  }

  /** How the audit trail names it beside the owner. */
  String auditName() {
    return (kind == TokenKind.SERVICE ? "service token " : "token ") + id + " '" + name + "'";
  }
}
