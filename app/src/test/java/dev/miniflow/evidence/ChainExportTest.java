package dev.miniflow.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import dev.miniflow.support.Sha256;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.ApiClient.Reply;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
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
 * The chain export as an auditor uses it: recomputed and its checkpoints checked offline from the
 * export alone; a later export agrees with an earlier one, until history is rewritten with
 * recomputed hashes in between, which the comparison shows.
 */
@EmbeddedMiniflowTest
class ChainExportTest {
  private static final String PASSWORD = "export-pass-1234";

  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;
  @Autowired EvidenceKeys keys;

  String adminName;
  ApiClient admin;
  ApiClient inspector;
  ApiClient developer;
  long workspaceId;
  String chain;

  @BeforeEach
  void workspace() {
    String base = "http://localhost:" + port;
    var names = TestWorkspaces.newAccounts(workspaces, tx, PASSWORD, "export-admin", "export-inspector",
        "export-dev");
    workspaceId = TestWorkspaces.create(workspaces, tx, "Export", Map.of(names.get(0), Set.of(Role.ADMIN),
        names.get(1), Set.of(Role.INSPECTOR), names.get(2), Set.of(Role.DEVELOPER)));
    adminName = names.get(0);
    admin = new ApiClient(base, adminName, PASSWORD);
    inspector = new ApiClient(base, names.get(1), PASSWORD);
    developer = new ApiClient(base, names.get(2), PASSWORD);
    chain = "/api/v1/workspaces/" + workspaceId + "/audit/chain";
    for (int i = 0; i < 3; i++) {
      assertThat(developer.createMiniProgram(workspaceId, "Export " + i + " " + UUID.randomUUID()).status())
          .isEqualTo(201);
    }
  }

  @Test
  void anExportChecksOutOfflineAndALaterOneShowsARewriteInBetween() throws Exception {
    JsonNode earlier = sealedAndSignedExport();
    assertThat(recomputesAndVerifies(earlier)).isTrue();
    assertThat(earlier.get("entries").size()).isGreaterThanOrEqualTo(4);

    assertThat(developer.createMiniProgram(workspaceId, "Later " + UUID.randomUUID()).status()).isEqualTo(201);
    JsonNode later = sealedAndSignedExport();
    assertThat(later.get("entries").size()).isGreaterThan(earlier.get("entries").size());
    assertThat(firstDifference(earlier, later)).isNull();

    // the forger changes the first entry and recomputes every hash: the new export is consistent in itself...
    long first = earlier.at("/entries/0/auditId").asLong();
    ChainForgery.tamper(jdbc, "update audit_event set detail = 'nothing happened' where id = " + first);
    ChainForgery.recomputeHashes(jdbc, workspaceId);
    JsonNode forged = admin.get(chain + ".json").body();
    assertThat(recomputesAndVerifies(withoutCheckpoints(forged))).isTrue();
    // ...but not the chain the earlier export holds, nor what the checkpoints signed
    assertThat(firstDifference(earlier, forged)).isEqualTo(1L);
    assertThat(recomputesAndVerifies(forged)).isFalse();
  }

  @Test
  void theCsvExportAndPartsOfTheChain() {
    JsonNode whole = sealedAndSignedExport();
    ApiClient.Reply part = admin.get(chain + ".json?limit=2");
    var raw = admin.exchange(chain + ".json?limit=2");
    assertThat(raw.getHeaders().getFirst("X-Next-From-Seq")).isEqualTo("3");
    assertThat(part.body().get("entries")).hasSize(2);
    JsonNode rest = admin.get(chain + ".json?fromSeq=3").body();
    assertThat(rest.get("previousChainHash").asText()).isEqualTo(part.body().at("/entries/1/chainHash").asText());

    // as far as the whole export went (the exports since are entries of the chain too)
    var csv = admin.getText(chain + ".csv?limit=" + whole.get("entries").size());
    assertThat(csv.getStatusCode().value()).isEqualTo(200);
    String[] lines = csv.getBody().strip().split("\r\n");
    assertThat(lines[0]).isEqualTo(
        "seq,audit_id,occurred_at,actor,action,subject_type,subject_id,detail,via,entry_hash,chain_hash");
    assertThat(lines).hasSize(whole.get("entries").size() + 1);
    assertThat(lines[1]).endsWith("," + whole.at("/entries/0/chainHash").asText());

    assertThat(developer.get(chain + ".json").status()).isEqualTo(403);
    // inspectors verify the chain; its entries, the audit trail itself, are for admins
    assertThat(inspector.get(chain + ".json").status()).isEqualTo(403);
    assertThat(inspector.getText(chain + ".csv").getStatusCode().value()).isEqualTo(403);
    assertThat(inspector.get("/api/v1/workspaces/" + workspaceId + "/audit/verification").status()).isEqualTo(200);
    Reply badLimit = admin.get(chain + ".json?limit=0");
    assertThat(badLimit.status()).isEqualTo(400);
    assertThat(badLimit.text("detail")).contains("limit");
    assertThat(admin.get(chain + ".json?fromSeq=0").status()).isEqualTo(400);
    // the platform's own chain (entries of no workspace) is read by platform admins only
    assertThat(admin.get("/api/v1/workspaces/0/audit/chain.json").status()).isEqualTo(403);
    ApiClient platformAdmin = new ApiClient("http://localhost:" + port, "admin", EmbeddedMiniflowTest.PASSWORD);
    assertThat(platformAdmin.get("/api/v1/workspaces/0/audit/chain.json?limit=5").status()).isEqualTo(200);
    assertThat(platformAdmin.get("/api/v1/workspaces/0/audit/verification").status()).isEqualTo(200);
  }

  /**
   * Once every entry is sealed and the head signed. Watched in the database: every export is an
   * audit entry of its own, so waiting through exports would keep the chain growing.
   */
  private JsonNode sealedAndSignedExport() {
    await().atMost(Duration.ofSeconds(20)).until(() -> {
      long unsealed = jdbc.sql("select count(*) from audit_unsealed u join audit_event e on e.id = u.audit_id"
          + " where e.workspace_id = :ws").param("ws", workspaceId).query(Long.class).single();
      return unsealed == 0 && jdbc.sql("select seq = checkpoint_seq from audit_chain_head where workspace_id = :ws")
          .param("ws", workspaceId).query(Boolean.class).optional().orElse(false);
    });
    JsonNode export = admin.get(chain + ".json").body();
    JsonNode entries = export.get("entries");
    JsonNode checkpoints = export.get("checkpoints");
    assertThat(checkpoints.get(checkpoints.size() - 1).get("seq").asLong())
        .isEqualTo(entries.get(entries.size() - 1).get("seq").asLong());
    return export;
  }

  @Test
  void everyExportIsInTheAuditTrailWithWhatItHandedOutAndARefusedOneIsNot() {
    JsonNode export = sealedAndSignedExport();
    JsonNode last = export.get("entries").get(export.get("entries").size() - 1);
    assertThat(developer.get(chain + ".json").status()).isEqualTo(403);
    var exports = jdbc.sql("""
            select actor, subject_type, subject_id, detail from audit_event
            where workspace_id = :ws and action = 'evidence.chain-exported' order by id""")
        .param("ws", workspaceId).query().listOfRows();
    assertThat(exports).hasSize(1);
    assertThat(exports.getFirst()).containsEntry("actor", adminName).containsEntry("subject_type", "audit-chain")
        .containsEntry("subject_id", String.valueOf(workspaceId));
    assertThat((String) exports.getFirst().get("detail")).contains("positions 1 to " + last.get("seq").asLong())
        .contains(last.get("chainHash").asText());
    // and the export's own entry is in the next one, chained like any other
    JsonNode next = sealedAndSignedExport();
    assertThat(next.get("entries")).anyMatch(e -> e.get("action").asText().equals("evidence.chain-exported"));
    assertThat(firstDifference(export, next)).isNull();
  }

  /** What an auditor runs on an export, with the public key and nothing else. */
  private boolean recomputesAndVerifies(JsonNode export) throws Exception {
    String previous = export.get("previousChainHash").asText();
    Map<Long, String> chainAt = new HashMap<>();
    for (JsonNode entry : export.get("entries")) {
      String entryHash = Sha256.hex(entry.get("canonical").asText());
      String chainHash = Sha256.hex(previous + entryHash);
      if (!entryHash.equals(entry.get("entryHash").asText()) || !chainHash.equals(entry.get("chainHash").asText())) {
        return false;
      }
      chainAt.put(entry.get("seq").asLong(), chainHash);
      previous = chainHash;
    }
    for (JsonNode checkpoint : export.get("checkpoints")) {
      var ed = Signature.getInstance("Ed25519");
      ed.initVerify(KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
          .decode(keys.publicKeyFile(checkpoint.get("keyId").asText()).orElseThrow()))));
      ed.update(("miniflow-audit-checkpoint:v1:" + export.get("workspaceId").asLong() + ":"
          + checkpoint.get("seq").asLong() + ":" + checkpoint.get("chainHash").asText() + ":"
          + checkpoint.get("signedAt").asText()).getBytes(java.nio.charset.StandardCharsets.UTF_8));
      if (!ed.verify(Base64.getDecoder().decode(checkpoint.get("signature").asText()))
          || !checkpoint.get("chainHash").asText().equals(chainAt.get(checkpoint.get("seq").asLong()))) {
        return false;
      }
    }
    return true;
  }

  /** The first position where the later export's chain hash is not the earlier one's, or null. */
  private static Long firstDifference(JsonNode earlier, JsonNode later) {
    Map<Long, String> laterAt = new HashMap<>();
    later.get("entries").forEach(e -> laterAt.put(e.get("seq").asLong(), e.get("chainHash").asText()));
    for (JsonNode entry : earlier.get("entries")) {
      if (!entry.get("chainHash").asText().equals(laterAt.get(entry.get("seq").asLong()))) {
        return entry.get("seq").asLong();
      }
    }
    return null;
  }

  private static JsonNode withoutCheckpoints(JsonNode export) {
    var copy = export.deepCopy();
    ((com.fasterxml.jackson.databind.node.ObjectNode) copy).putArray("checkpoints");
    return copy;
  }
}
