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

  record Row(long id, long workspaceId, String email, Set<Role> roles, Instant expiresAt, Instant acceptedAt,
      Instant withdrawnAt, boolean archived) {}

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
            select i.id, i.workspace_id, i.email, i.roles, i.expires_at, i.accepted_at, i.withdrawn_at,
                   w.archived_at is not null as archived
            from invitation i join workspace w on w.id = i.workspace_id
            where i.id = :id and i.token_hash = :hash""")
        .param("id", signed.invitationId()).param("hash", InvitationTokens.hash(signed.secret()))
        .query((rs, i) -> new Row(rs.getLong("id"), rs.getLong("workspace_id"), rs.getString("email"),
            roles((String[]) rs.getArray("roles").getArray()), rs.getTimestamp("expires_at").toInstant(),
            instant(rs.getTimestamp("accepted_at")), instant(rs.getTimestamp("withdrawn_at")),
            rs.getBoolean("archived")))
        .optional().orElseThrow(() -> Problems.notFound("Invitation"));
    if (row.archived()) {
      throw Problems.of(DomainException.Kind.GONE, "Workspace archived",
          "This workspace is archived and takes no new members; ask a platform admin.", "workspace-archived");
    }
    if (row.withdrawnAt() != null) {
      throw Problems.of(DomainException.Kind.GONE, "Invitation withdrawn",
          "An admin withdrew this invitation; ask them for a new one if you need it.", "invitation-withdrawn");
    }
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
            where id = :id and accepted_at is null and withdrawn_at is null and expires_at > :now""")
        .param("u", username).param("id", invitationId).param("now", Timestamp.from(clock.instant())).update() > 0;
  }

  /**
   * A workspace's invitations neither accepted nor withdrawn, without their links (only the
   * secret's hash is stored); those that expired in the last month too, so they can be sent again.
   */
  List<Invitations.Invitation> of(long workspaceId) {
    return jdbc.sql("""
            select id, email, roles, expires_at from invitation
            where workspace_id = :ws and accepted_at is null and withdrawn_at is null
              and expires_at > :since order by id desc""")
        .param("ws", workspaceId).param("since", Timestamp.from(clock.instant().minus(Duration.ofDays(30))))
        .query((rs, i) -> new Invitations.Invitation(rs.getLong("id"), rs.getString("email"),
            roles((String[]) rs.getArray("roles").getArray()), rs.getTimestamp("expires_at").toInstant(), null))
        .list();
  }

  /** Withdraws an invitation not yet accepted: its link stops working. False if there is none such. */
  boolean withdraw(long workspaceId, long invitationId, String by) {
    return jdbc.sql("""
            update invitation set withdrawn_at = :now, withdrawn_by = :by
            where id = :id and workspace_id = :ws and accepted_at is null and withdrawn_at is null""")
        .param("now", Timestamp.from(clock.instant())).param("by", by).param("id", invitationId)
        .param("ws", workspaceId).update() == 1;
  }

  /**
   * Gives an invitation not yet accepted nor withdrawn a new link and three more days; the old
   * link stops working. Empty if there is none such.
   */
  java.util.Optional<Invitations.Invitation> renew(long workspaceId, long invitationId) {
    String secret = tokens.newSecret();
    Instant expires = clock.instant().plus(VALID_FOR);
    return jdbc.sql("""
            update invitation set token_hash = :hash, expires_at = :expires
            where id = :id and workspace_id = :ws and accepted_at is null and withdrawn_at is null
            returning email, roles""")
        .param("hash", InvitationTokens.hash(secret)).param("expires", Timestamp.from(expires))
        .param("id", invitationId).param("ws", workspaceId)
        .query((rs, i) -> new Invitations.Invitation(invitationId, rs.getString("email"),
            roles((String[]) rs.getArray("roles").getArray()), expires, tokens.link(invitationId, secret)))
        .optional();
  }

  /** A nullable timestamp column as an instant. */
  static Instant instant(Timestamp timestamp) {
    return timestamp == null ? null : timestamp.toInstant();
  }

  private static Set<Role> roles(String[] names) {
    Set<Role> roles = EnumSet.noneOf(Role.class);
    for (String name : names) {
      roles.add(Role.valueOf(name));
    }
    return roles;
  }
}
