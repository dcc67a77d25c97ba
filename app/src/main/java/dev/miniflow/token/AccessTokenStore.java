package dev.miniflow.token;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The access_token table. */
@Repository
class AccessTokenStore {
  private final JdbcClient jdbc;

  AccessTokenStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** The new token's id; empty when an active token of that owner or workspace has the name. */
  Optional<Long> insert(TokenKind kind, String owner, Long workspaceId, String name, Set<TokenScope> scopes,
      String secretHash, Instant createdAt, Instant expiresAt) {
    try {
      return Optional.of(jdbc.sql("""
              insert into access_token(kind, owner, workspace_id, name, scopes, secret_hash, created_at, expires_at)
              values (:kind, :owner, :ws, :name, cast(:scopes as varchar(16)[]), :hash, :created, :expires)
              returning id""")
          .param("kind", kind.name()).param("owner", owner).param("ws", workspaceId).param("name", name)
          .param("scopes", "{" + String.join(",", scopes.stream().map(Enum::name).toList()) + "}")
          .param("hash", secretHash).param("created", Timestamp.from(createdAt))
          .param("expires", Timestamp.from(expiresAt)).query(Long.class).single());
    } catch (DuplicateKeyException e) {
      return Optional.empty();
    }
  }

  Optional<AccessToken> bySecretHash(String hash) {
    return jdbc.sql("select * from access_token where secret_hash = :hash").param("hash", hash)
        .query(AccessTokenStore::map).optional();
  }

  Optional<AccessToken> byId(long id) {
    return jdbc.sql("select * from access_token where id = :id").param("id", id).query(AccessTokenStore::map)
        .optional();
  }

  List<AccessToken> personalOf(String owner) {
    return jdbc.sql("select * from access_token where kind = 'PERSONAL' and owner = :owner order by id desc")
        .param("owner", owner).query(AccessTokenStore::map).list();
  }

  List<AccessToken> serviceOf(long workspaceId) {
    return jdbc.sql("select * from access_token where kind = 'SERVICE' and workspace_id = :ws order by id desc")
        .param("ws", workspaceId).query(AccessTokenStore::map).list();
  }

  /** Tokens that count against a limit: not revoked and not yet expired. */
  long activePersonal(String owner, Instant now) {
    return jdbc.sql("""
            select count(*) from access_token where kind = 'PERSONAL' and owner = :owner
              and revoked_at is null and expires_at > :now""")
        .param("owner", owner).param("now", Timestamp.from(now)).query(Long.class).single();
  }

  long activeService(long workspaceId, Instant now) {
    return jdbc.sql("""
            select count(*) from access_token where kind = 'SERVICE' and workspace_id = :ws
              and revoked_at is null and expires_at > :now""")
        .param("ws", workspaceId).param("now", Timestamp.from(now)).query(Long.class).single();
  }

  boolean revoke(long id, String by, Instant at) {
    return jdbc.sql("update access_token set revoked_at = :at, revoked_by = :by where id = :id and revoked_at is null")
        .param("at", Timestamp.from(at)).param("by", by).param("id", id).update() == 1;
  }

  /** Last use, written at most once a minute per token: a busy CI token writes no row per call. */
  void touch(long id, Instant at) {
    jdbc.sql(
        """
            update access_token set last_used_at = :at
            where id = :id and (last_used_at is null or last_used_at < cast(:at as timestamptz) - interval '1 minute')""")
        .param("at", Timestamp.from(at)).param("id", id).update();
  }

  private static AccessToken map(ResultSet rs, int row) throws SQLException {
    Array scopes = rs.getArray("scopes");
    Set<TokenScope> set = EnumSet.noneOf(TokenScope.class);
    Arrays.stream((String[]) scopes.getArray()).map(TokenScope::valueOf).forEach(set::add);
    return new AccessToken(rs.getLong("id"), TokenKind.valueOf(rs.getString("kind")), rs.getString("owner"),
        rs.getObject("workspace_id", Long.class), rs.getString("name"), set, instant(rs, "created_at"),
        instant(rs, "expires_at"), instant(rs, "last_used_at"), instant(rs, "revoked_at"),
        rs.getString("revoked_by"));
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp at = rs.getTimestamp(column);
    return at == null ? null : at.toInstant();
  }
}
