package dev.miniflow.workspace;

import dev.miniflow.support.DomainException;
import dev.miniflow.support.Problems;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * The invitations not yet accepted, for three days: a new one gets its signed link, a link opens
 * its invitation (a forged or unknown one is "not found", a used or expired one is "gone"), and
 * claiming it succeeds once.
 */
@Component
class PendingInvitations {
  static final Duration VALID_FOR = Duration.ofDays(3);

  private final JdbcClient jdbc;
  private final InvitationTokens tokens;
  private final Clock clock;

  PendingInvitations(JdbcClient jdbc, InvitationTokens tokens, Clock clock) {
    this.jdbc = jdbc;
    this.tokens = tokens;
    this.clock = clock;
  }

  record Row(long id, long workspaceId, String email, Set<Role> roles, Instant expiresAt, Instant acceptedAt) {}

  Invitations.Invitation add(long workspaceId, String email, Set<Role> roles, String invitedBy) {
    String secret = tokens.newSecret();
    Instant expires = clock.instant().plus(VALID_FOR);
    long id = jdbc.sql("""
            insert into invitation(workspace_id, email, roles, token_hash, invited_by, expires_at)
            values (:ws, :email, :roles, :hash, :by, :expires) returning id""")
        .param("ws", workspaceId).param("email", email)
        .param("roles", roles.stream().map(Role::name).toArray(String[]::new))
        .param("hash", InvitationTokens.hash(secret)).param("by", invitedBy).param("expires", Timestamp.from(expires))
        .query(Long.class).single();
    return new Invitations.Invitation(id, email, roles, expires, tokens.link(id, secret));
  }

  /** The invitation a link points to, if it can still be accepted. */
  Row open(String token) {
    InvitationTokens.Signed signed = tokens.verified(token).orElseThrow(() -> Problems.notFound("Invitation"));
    Row row = jdbc.sql("""
            select id, workspace_id, email, roles, expires_at, accepted_at from invitation
            where id = :id and token_hash = :hash""")
        .param("id", signed.invitationId()).param("hash", InvitationTokens.hash(signed.secret()))
        .query((rs, i) -> new Row(rs.getLong("id"), rs.getLong("workspace_id"), rs.getString("email"),
            roles((String[]) rs.getArray("roles").getArray()), rs.getTimestamp("expires_at").toInstant(),
            rs.getTimestamp("accepted_at") == null ? null : rs.getTimestamp("accepted_at").toInstant()))
        .optional().orElseThrow(() -> Problems.notFound("Invitation"));
    if (row.acceptedAt() != null) {
      throw Problems.of(DomainException.Kind.GONE, "Invitation used",
          "This invitation was already accepted; ask an admin for a new one if you need it.", "invitation-used");
    }
    if (!row.expiresAt().isAfter(clock.instant())) {
      throw Problems.of(DomainException.Kind.GONE, "Invitation expired",
          "This invitation expired on " + row.expiresAt() + "; ask an admin for a new one.", "invitation-expired");
    }
    return row;
  }

  /** Marks the invitation accepted by the user; false if it was used or expired since it was opened. */
  boolean claim(long invitationId, String username) {
    return jdbc.sql("""
            update invitation set accepted_at = now(), accepted_by = :u
            where id = :id and accepted_at is null and expires_at > :now""")
        .param("u", username).param("id", invitationId).param("now", Timestamp.from(clock.instant())).update() > 0;
  }

  /** A workspace's open invitations, without their links (only the secret's hash is stored). */
  List<Invitations.Invitation> of(long workspaceId) {
    return jdbc.sql("""
            select id, email, roles, expires_at from invitation
            where workspace_id = :ws and accepted_at is null and expires_at > now() order by id desc""")
        .param("ws", workspaceId)
        .query((rs, i) -> new Invitations.Invitation(rs.getLong("id"), rs.getString("email"),
            roles((String[]) rs.getArray("roles").getArray()), rs.getTimestamp("expires_at").toInstant(), null))
        .list();
  }

  private static Set<Role> roles(String[] names) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : names) {
      roles.add(Role.valueOf(name));
    }
    return roles;
  }
}
