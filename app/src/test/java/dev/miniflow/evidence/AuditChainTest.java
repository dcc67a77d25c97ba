package dev.miniflow.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ApiClient.Reply;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The audit trail as an auditor checks it: an untouched chain verifies; a row changed in
 * PostgreSQL behind the trail's back (its trigger dropped and put back) is named; so is a chain
 * whose hashes were recomputed after such a change; signatures made before a key rotation still verify.
 */
@EmbeddedMiniflowTest
class AuditChainTest {
  private static final String PASSWORD = "chain-pass-1234";

  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;
  @Autowired EvidenceKeys evidenceKeys;

  ApiClient admin;
  ApiClient developer;
  long workspaceId;
  String verification;

  @BeforeEach
  void workspace() {
    String base = "http://localhost:" + port;
    var names = TestWorkspaces.newAccounts(workspaces, tx, PASSWORD, "chain-admin", "chain-dev");
    String boss = names.get(0);
    String dev = names.get(1);
    workspaceId = TestWorkspaces.create(workspaces, tx, "Chain", Map.of(boss, Set.of(Role.ADMIN), dev,
        Set.of(Role.DEVELOPER)));
    admin = new ApiClient(base, boss, PASSWORD);
    developer = new ApiClient(base, dev, PASSWORD);
    verification = "/api/v1/workspaces/" + workspaceId + "/audit/verification";
    for (int i = 0; i < 3; i++) {
      assertThat(developer.createMiniProgram(workspaceId, "Chain " + i + " " + UUID.randomUUID()).status())
          .isEqualTo(201);
    }
  }

  @Test
  void anUntouchedChainVerifiesAndAChangedRowIsNamed() {
    Reply intact = sealedAndSigned();
    assertThat(intact.body().get("intact").asBoolean()).as(intact.body().toString()).isTrue();
    assertThat(intact.body().get("entries").asLong()).isGreaterThanOrEqualTo(4);
    assertThat(developer.get(verification).status()).isEqualTo(403);

    long victim =
        jdbc.sql("select min(id) from audit_event where workspace_id = :ws and action = 'mini-program.created'")
            .param("ws", workspaceId).query(Long.class).single();
    tamper("update audit_event set actor = 'mallory' where id = " + victim);

    Reply broken = admin.get(verification);
    assertThat(broken.body().get("intact").asBoolean()).isFalse();
    assertThat(broken.body().at("/problem/auditId").asLong()).isEqualTo(victim);
    assertThat(broken.body().at("/problem/reason").asText()).contains("was changed");
  }

  @Test
  void recomputedHashesDoNotHideAChangeFromTheSignedCheckpoints() {
    sealedAndSigned();
    long first = jdbc.sql("select min(audit_id) from audit_chain where workspace_id = :ws").param("ws", workspaceId)
        .query(Long.class).single();
    // the forger changes an entry and, knowing the scheme, recomputes its hash and every chain hash after it
    tamper("update audit_event set detail = 'nothing happened' where id = " + first);
    ChainForgery.recomputeHashes(jdbc, workspaceId);

    // and takes the database's checkpoints away, so that nothing there remembers the old chain
    jdbc.sql("alter table audit_checkpoint disable trigger audit_checkpoint_no_update").update();
    try {
      jdbc.sql("delete from audit_checkpoint where workspace_id = :ws").param("ws", workspaceId).update();
    } finally {
      jdbc.sql("alter table audit_checkpoint enable trigger audit_checkpoint_no_update").update();
    }
    jdbc.sql("update audit_chain_head set checkpoint_seq = 0, checkpoint_at = null where workspace_id = :ws")
        .param("ws", workspaceId).update();

    // Miniflow's own log of what it signed is out of the database's reach: the rewrite shows, and is not signed
    Reply broken = admin.get(verification);
    assertThat(broken.body().get("intact").asBoolean()).isFalse();
    assertThat(broken.body().at("/problem/reason").asText()).contains("were changed and their hashes recomputed");
    assertThat(developer.createMiniProgram(workspaceId, "Later " + UUID.randomUUID()).status()).isEqualTo(201);
    await().during(Duration.ofMillis(800)).atMost(Duration.ofSeconds(3)).until(() -> jdbc.sql(
        "select count(*) from audit_checkpoint where workspace_id = :ws").param("ws", workspaceId)
        .query(Long.class).single() == 0);
  }

  @Test
  void aKeySomeonePutIntoTheDatabaseSignsNothingThatVerifies() throws Exception {
    sealedAndSigned();
    var forger = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    jdbc.sql("insert into evidence_key(id, public_key) values ('ed25519-forged', :key)").param("key",
        java.util.Base64.getEncoder().encodeToString(forger.getPublic().getEncoded())).update();
    var head = jdbc.sql("select seq, chain_hash from audit_chain where workspace_id = :ws order by seq desc limit 1")
        .param("ws", workspaceId).query((rs, row) -> new Object[] {rs.getLong(1), rs.getString(2)}).single();
    java.time.Instant at = java.time.Instant.parse("2026-12-01T00:00:00Z");
    var ed = java.security.Signature.getInstance("Ed25519");
    ed.initSign(forger.getPrivate());
    ed.update(EntryHash.checkpoint(workspaceId, (Long) head[0], (String) head[1], at).getBytes());
    jdbc.sql("""
            insert into audit_checkpoint(workspace_id, seq, chain_hash, signed_at, key_id, signature)
            values (:ws, :seq, :hash, :at, 'ed25519-forged', :sig)""").param("ws", workspaceId).param("seq", head[0])
        .param("hash", head[1]).param("at", java.sql.Timestamp.from(at))
        .param("sig", java.util.Base64.getEncoder().encodeToString(ed.sign())).update();

    Reply broken = admin.get(verification);
    assertThat(broken.body().get("intact").asBoolean()).isFalse();
    assertThat(broken.body().at("/problem/reason").asText()).contains("not signed by Miniflow's key");
    assertThat(admin.get("/api/v1/evidence-keys").body().toString()).contains("\"id\":\"ed25519-forged\"")
        .contains("\"trusted\":false");
  }

  @Test
  void checkpointsSignedBeforeAKeyRotationStillVerify() throws Exception {
    Reply before = sealedAndSigned();
    String oldKey = before.body().at("/lastCheckpoint/keyId").asText();
    ApiClient platformAdmin = new ApiClient("http://localhost:" + port, "admin", EmbeddedMiniflowTest.PASSWORD);
    // a second node on the same key directory
    EvidenceKeys otherNode = new EvidenceKeys(new EvidenceSettings(evidenceKeys.dir().toString(),
        Duration.ofSeconds(1), Duration.ofMinutes(5)),
        new dev.miniflow.support.MiniflowSettings("unused",
            "http://localhost", ""),
        jdbc, java.time.Clock.systemUTC());
    assertThat(otherNode.current().id()).isEqualTo(oldKey);
    // kept by someone before the rotation
    Path oldKeyFile = evidenceKeys.dir().resolve(oldKey + ".key");
    var stolen = java.security.KeyFactory.getInstance("Ed25519").generatePrivate(
        new java.security.spec.PKCS8EncodedKeySpec(java.util.Base64.getDecoder().decode(
            java.nio.file.Files.readString(oldKeyFile).strip())));
    assertThat(admin.post("/api/v1/platform/evidence-keys/rotate").status()).isEqualTo(403);
    Reply rotated = platformAdmin.post("/api/v1/platform/evidence-keys/rotate");
    assertThat(rotated.status()).isEqualTo(200);
    String newKey = rotated.text("id");
    assertThat(newKey).isNotEqualTo(oldKey);
    assertThat(oldKeyFile).as("the retired private key is deleted").doesNotExist();
    assertThat(otherNode.current().id()).as("the other node signs with the new key too").isEqualTo(newKey);

    assertThat(developer.createMiniProgram(workspaceId, "After rotation " + UUID.randomUUID()).status())
        .isEqualTo(201);
    await().atMost(Duration.ofSeconds(20)).until(() -> admin.get(verification).body().at("/lastCheckpoint/keyId")
        .asText().equals(newKey));
    Reply after = admin.get(verification);
    assertThat(after.body().get("intact").asBoolean()).as(after.body().toString()).isTrue();
    assertThat(jdbc.sql("select count(distinct key_id) from audit_checkpoint where workspace_id = :ws")
        .param("ws", workspaceId).query(Long.class).single()).isEqualTo(2);
    var keys = admin.get("/api/v1/evidence-keys").body().toString();
    assertThat(keys).contains(oldKey, newKey);

    // the retired key, stolen, signs nothing after its retirement that verifies
    var head = jdbc.sql("select seq, chain_hash from audit_chain where workspace_id = :ws order by seq desc limit 1")
        .param("ws", workspaceId).query((rs, row) -> new Object[] {rs.getLong(1), rs.getString(2)}).single();
    java.time.Instant late = java.time.Instant.now().truncatedTo(java.time.temporal.ChronoUnit.MICROS);
    var ed = java.security.Signature.getInstance("Ed25519");
    ed.initSign(stolen);
    ed.update(EntryHash.checkpoint(workspaceId, (Long) head[0], (String) head[1], late).getBytes());
    jdbc.sql("""
            insert into audit_checkpoint(workspace_id, seq, chain_hash, signed_at, key_id, signature)
            values (:ws, :seq, :hash, :at, :key, :sig)""").param("ws", workspaceId).param("seq", head[0])
        .param("hash", head[1]).param("at", java.sql.Timestamp.from(late)).param("key", oldKey)
        .param("sig", java.util.Base64.getEncoder().encodeToString(ed.sign())).update();
    Reply broken = admin.get(verification);
    assertThat(broken.body().get("intact").asBoolean()).isFalse();
    assertThat(broken.body().at("/problem/reason").asText()).contains("which was retired before");
  }

  /** The chain once every entry of the workspace is sealed and its head signed. */
  private Reply sealedAndSigned() {
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      Reply r = admin.get(verification);
      return r.status() == 200 && r.body().get("unsealed").asLong() == 0 && !r.body().get("lastCheckpoint").isNull()
          && r.body().at("/lastCheckpoint/seq").asLong() == r.body().get("entries").asLong();
    });
    return admin.get(verification);
  }

  private void tamper(String update) {
    ChainForgery.tamper(jdbc, update);
  }
}
