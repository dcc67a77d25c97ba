package dev.miniflow.evidence;

import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.PlatformRole;
import dev.miniflow.workspace.WorkspaceAccess;
import java.time.Instant;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** The public keys anyone verifying Miniflow's signatures needs, and their rotation by a platform admin. */
@Service
class EvidenceKeyAdministration {
  private final EvidenceKeys keys;
  private final WorkspaceAccess access;
  private final AuditTrail audit;
  private final JdbcClient jdbc;

  EvidenceKeyAdministration(EvidenceKeys keys, WorkspaceAccess access, AuditTrail audit, JdbcClient jdbc) {
    this.keys = keys;
    this.access = access;
    this.audit = audit;
    this.jdbc = jdbc;
  }

  /**
   * A public key (X.509 SubjectPublicKeyInfo, base64) and when it signed; trusted when this
   * installation's key directory holds the same key (the database's copy alone proves nothing).
   */
  record PublicKey(String id, String algorithm, String publicKey, Instant createdAt, Instant retiredAt,
      boolean trusted) {}

  List<PublicKey> publicKeys() {
    keys.current(); // the installation's key exists once anyone asks for it
    var trusted = keys.trusted();
    return jdbc.sql("select * from evidence_key order by created_at, id").query((rs, row) -> new PublicKey(
        rs.getString("id"), rs.getString("algorithm"), rs.getString("public_key"),
        rs.getTimestamp("created_at").toInstant(),
        rs.getTimestamp("retired_at") == null ? null : rs.getTimestamp("retired_at").toInstant(),
        rs.getString("public_key").equals(trusted.get(rs.getString("id"))))).list();
  }

  /** A new key signs from now on; what the old one signed keeps verifying with its public half. */
  @Transactional
  PublicKey rotate() {
    String admin = CurrentUser.username();
    if (!access.hasPlatformRole(admin, PlatformRole.ADMIN)) {
      throw Problems.forbidden("Signing keys are rotated by platform admins.");
    }
    String id = keys.rotate();
    audit.record(admin, EvidenceAudit.KEY_ROTATED, id, null, "The new key " + id + " signs from now on.");
    return publicKeys().stream().filter(k -> k.id().equals(id)).findFirst().orElseThrow();
  }
}
