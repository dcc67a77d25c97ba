package dev.miniflow.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import dev.miniflow.testing.Releases;
import dev.miniflow.testing.TestPackages;
import dev.miniflow.testing.TestWorkspaces;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceService;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyFactory;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipInputStream;
import org.erdtman.jcs.JsonCanonicalizer;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.http.ResponseEntity;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * A release's evidence as an auditor gets it: downloaded, checked with nothing but the public key
 * (by the JDK and by the openssl command VERIFY.txt gives), broken by a single changed byte, still
 * valid after the key is rotated, and naming the roles the reviewer held when they decided.
 */
@EmbeddedMiniflowTest
class EvidenceBundleTest {
  private static final String PASSWORD = "evidence-pass-1234";
  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;
  @Autowired WorkspaceService workspaces;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;
  @Autowired EvidenceKeys keys;

  String base;
  List<String> names;
  long workspaceId;
  String reviewerName;
  ApiClient admin;
  ApiClient developer;
  ApiClient reviewer;
  ApiClient operator;
  ApiClient inspector;

  @BeforeEach
  void workspace() {
    base = "http://localhost:" + port;
    names = TestWorkspaces.newAccounts(workspaces, tx, PASSWORD, "ev-admin", "ev-dev", "ev-reviewer", "ev-op",
        "ev-inspector");
    reviewerName = names.get(2);
    workspaceId = TestWorkspaces.create(workspaces, tx, "Evidence", Map.of(names.get(0), Set.of(Role.ADMIN),
        names.get(1), Set.of(Role.DEVELOPER), reviewerName, Set.of(Role.REVIEWER), names.get(3),
        Set.of(Role.OPERATOR), names.get(4), Set.of(Role.INSPECTOR)));
    admin = new ApiClient(base, names.get(0), PASSWORD);
    developer = new ApiClient(base, names.get(1), PASSWORD);
    reviewer = new ApiClient(base, reviewerName, PASSWORD);
    operator = new ApiClient(base, names.get(3), PASSWORD);
    inspector = new ApiClient(base, names.get(4), PASSWORD);
  }

  @Test
  void aReleasesSignedEvidenceVerifiesWithThePublicKeyAloneAndNotAfterOneByteChanged(@TempDir Path dir)
      throws Exception {
    long release = releasedWithReview();
    // the reviewer's roles change after the decision: the evidence keeps those of the moment
    assertThat(admin.put("/api/v1/workspaces/" + workspaceId + "/members/" + reviewerName,
        Map.of("roles", List.of("ADMIN", "OPERATOR"))).status()).isLessThan(300);
    awaitSealed();

    // the release page offers it to those who may have it
    // (browsing with clients of their own: a page's session cookie beside Basic would make API posts need CSRF)
    assertThat(new ApiClient(base, names.get(4), PASSWORD).getText("/releases/" + release).getBody())
        .contains("/api/v1/releases/" + release + "/evidence");
    assertThat(new ApiClient(base, names.get(1), PASSWORD).getText("/releases/" + release).getBody())
        .doesNotContain("/evidence");
    ResponseEntity<byte[]> download = fetch("/api/v1/releases/" + release + "/evidence", inspector);
    assertThat(download.getStatusCode().value()).isEqualTo(200);
    assertThat(download.getHeaders().getContentType().toString()).isEqualTo("application/zip");
    assertThat(download.getHeaders().getContentDisposition().getFilename())
        .isEqualTo("release-" + release + "-evidence.zip");
    Map<String, byte[]> bundle = unzip(download.getBody());
    assertThat(bundle).containsKeys("evidence.json", "evidence.sig", "signature.json", "VERIFY.txt");
    byte[] evidence = bundle.get("evidence.json");
    byte[] signature = bundle.get("evidence.sig");
    String keyId = JSON.readTree(bundle.get("signature.json")).get("keyId").asText();
    PublicKey publicKey = publishedKey(keyId);

    assertThat(verifies(publicKey, evidence, signature)).isTrue();
    // the signed bytes are the canonical form (RFC 8785): parsed and written again, they come back the same
    assertThat(new JsonCanonicalizer(new String(evidence, java.nio.charset.StandardCharsets.UTF_8))
        .getEncodedUTF8()).isEqualTo(evidence);
    byte[] changed = evidence.clone();
    int at = new String(evidence, java.nio.charset.StandardCharsets.UTF_8).indexOf(reviewerName);
    changed[at] = (byte) (changed[at] ^ 1);
    assertThat(verifies(publicKey, changed, signature)).isFalse();

    // and with nothing of Miniflow's: the openssl command VERIFY.txt gives
    assertThat(new String(bundle.get("VERIFY.txt"))).contains("openssl pkeyutl -verify -pubin -inkey " + keyId
        + ".pem -rawin -in evidence.json -sigfile evidence.sig");
    Path pem = dir.resolve(keyId + ".pem");
    Files.writeString(pem, EvidenceBundle.pem(keys.publicKeyFile(keyId).orElseThrow()));
    Files.write(dir.resolve("evidence.json"), evidence);
    Files.write(dir.resolve("evidence.sig"), signature);
    assertThat(openssl(dir, keyId)).contains("Signature Verified Successfully");
    Files.write(dir.resolve("evidence.json"), changed);
    assertThat(openssl(dir, keyId)).doesNotContain("Signature Verified Successfully");

    // and by the command-line client, offline: the bundle as downloaded, and one with the changed byte
    Path zip = dir.resolve("bundle.zip");
    Files.write(zip, download.getBody());
    String[] verified = cli("verify-evidence", "--public-key", pem.toString(), zip.toString());
    assertThat(verified[0]).as(verified[2]).isEqualTo("0");
    assertThat(verified[1]).contains("verified: the evidence of release " + release);
    Path forged = dir.resolve("forged.zip");
    Files.write(forged, zipOf(Map.of("evidence.json", changed, "evidence.sig", signature)));
    String[] refused = cli("verify-evidence", "--public-key", pem.toString(), forged.toString());
    assertThat(refused[0]).isEqualTo("5");
    assertThat(refused[2]).contains("not what this key signed");
    // the chain it came from, verified through the API with an inspector's token
    String token = inspector.post("/api/v1/me/tokens", Map.of("name", "audit", "scopes", List.of("read")))
        .text("secret");
    String[] chain = cli("--url", base, "--token", token, "verify-chain", "--workspace", String.valueOf(workspaceId));
    assertThat(chain[0]).as(chain[2]).isEqualTo("0");
    assertThat(chain[1]).startsWith("intact:");

    JsonNode content = JSON.readTree(evidence);
    assertThat(content.at("/release/id").asLong()).isEqualTo(release);
    assertThat(content.get("keyId").asText()).as("the signing key, inside what it signed").isEqualTo(keyId);
    assertThat(content.at("/package/sha256").asText()).isEqualTo(jdbc.sql(
        "select v.sha256 from app_version v join release r on r.version_id = v.id where r.id = :id")
        .param("id", release).query(String.class).single());
    assertThat(content.at("/package/validation_report/files").asInt()).isEqualTo(5);
    assertThat(content.at("/release/validation_report/valid").asBoolean()).isTrue();
    assertThat(content.at("/release/process_instance_key").isTextual()).isTrue();
    assertThat(content.at("/targetApp/code").asText()).isNotBlank();
    assertThat(content.at("/process/source").asText()).isEqualTo("platform-default");
    assertThat(content.at("/process/xml_sha256").asText()).isEqualTo(jdbc.sql("""
            select encode(sha256(convert_to(d.xml, 'UTF8')), 'hex') from process_definition d
            join process_instance i on i.process_definition_key = d.process_definition_key
            join release r on r.process_instance_key = i.process_instance_key where r.id = :id""")
        .param("id", release).query(String.class).single());
    JsonNode review = content.get("tasks").get(0);
    assertThat(review.get("decider").asText()).isEqualTo(reviewerName);
    assertThat(review.get("decider_roles")).extracting(JsonNode::asText).containsExactly("REVIEWER");
    assertThat(review.at("/outcome/decision").asText()).isEqualTo("approve");
    assertThat(review.at("/outcome/comment").asText()).isEqualTo("Evidence looks complete");
    assertThat(content.get("rollout")).anySatisfy(stage -> {
      assertThat(stage.get("stage").asText()).isEqualTo("FULL");
      assertThat(stage.get("partner_reference").asText()).isNotBlank();
    });
    assertThat(content.get("audit")).extracting(e -> JSON.readTree(e.get("canonical").asText()).get("action")
        .asText()).contains("release.requested", "release.approved", "release.released");
    assertThat(content.get("audit")).allSatisfy(entry -> {
      assertThat(entry.get("chainHash").asText()).hasSize(64);
      assertThat(entry.get("entryHash").asText()).isEqualTo(dev.miniflow.support.Sha256.hex(
          entry.get("canonical").asText()));
    });
    assertThat(jdbc.sql(
        "select count(*) from audit_event where action = 'evidence.exported' and subject_type = 'release' and subject_id = :id")
        .param("id", String.valueOf(release)).query(Long.class).single()).isOne();
  }

  @Test
  void bundlesSignedBeforeAKeyRotationStillVerify() throws Exception {
    long release = releasedWithReview();
    Map<String, byte[]> before = unzip(fetch("/api/v1/releases/" + release + "/evidence", admin).getBody());
    String oldKey = JSON.readTree(before.get("signature.json")).get("keyId").asText();

    ApiClient platformAdmin = new ApiClient(base, "admin", EmbeddedMiniflowTest.PASSWORD);
    assertThat(platformAdmin.post("/api/v1/platform/evidence-keys/rotate").status()).isEqualTo(200);

    Map<String, byte[]> after = unzip(fetch("/api/v1/releases/" + release + "/evidence", admin).getBody());
    String newKey = JSON.readTree(after.get("signature.json")).get("keyId").asText();
    assertThat(newKey).isNotEqualTo(oldKey);
    assertThat(verifies(publishedKey(newKey), after.get("evidence.json"), after.get("evidence.sig"))).isTrue();
    assertThat(verifies(publishedKey(oldKey), before.get("evidence.json"), before.get("evidence.sig"))).isTrue();
    // one key's signature is not the other's
    assertThat(verifies(publishedKey(newKey), before.get("evidence.json"), before.get("evidence.sig"))).isFalse();
  }

  @Test
  void onlyTheWorkspacesAdminsAndInspectorsGetEvidence() throws Exception {
    long grant = requestedGrant("Grant");
    assertThat(fetch("/api/v1/access-grants/" + grant + "/evidence", inspector).getStatusCode().value())
        .isEqualTo(200);
    assertThat(fetch("/api/v1/access-grants/" + grant + "/evidence", developer).getStatusCode().value())
        .isEqualTo(403);
    ApiClient stranger = new ApiClient(base, TestWorkspaces.newAccounts(workspaces, tx, PASSWORD, "ev-stranger")
        .get(0), PASSWORD);
    assertThat(fetch("/api/v1/access-grants/" + grant + "/evidence", stranger).getStatusCode().value())
        .isEqualTo(404);
    long removal = jdbc.sql("""
            insert into removal(workspace_id, mini_program_id, kind, status, release_ids, reason, requested_by)
            select workspace_id, mini_program_id, 'REQUESTED', 'UNDER_REVIEW', '{}', 'no longer offered', grantee
            from access_grant where id = :grant returning id""").param("grant", grant).query(Long.class).single();
    var removalEvidence = fetch("/api/v1/removals/" + removal + "/evidence", admin);
    assertThat(removalEvidence.getStatusCode().value()).isEqualTo(200);
    assertThat(JSON.readTree(unzip(removalEvidence.getBody()).get("evidence.json")).at("/removal/reason").asText())
        .isEqualTo("no longer offered");
    assertThat(fetch("/api/v1/releases/99999999/evidence", admin).getStatusCode().value()).isEqualTo(404);
    assertThat(fetch("/api/v1/removals/99999999/evidence", admin).getStatusCode().value()).isEqualTo(404);
  }

  @Test
  void noEvidenceIsSignedOverATrailChangedAfterItWasSealed() throws Exception {
    long grant = requestedGrant("Changed");
    awaitSealed();
    long entry = jdbc.sql("select min(id) from audit_event where subject_type = 'grant' and subject_id = :id")
        .param("id", String.valueOf(grant)).query(Long.class).single();
    ChainForgery.tamper(jdbc, "update audit_event set actor = 'mallory' where id = " + entry);

    ResponseEntity<byte[]> refused = fetch("/api/v1/access-grants/" + grant + "/evidence", admin);
    assertThat(refused.getStatusCode().value()).isEqualTo(409);
    assertThat(JSON.readTree(refused.getBody()).get("detail").asText()).contains("Audit entry " + entry,
        "no longer matches its sealed hash");
    // about this grant: a release or removal of another test may have the same number
    assertThat(jdbc.sql("""
            select count(*) from audit_event where action = 'evidence.exported' and subject_type = 'grant'
            and subject_id = :id""").param("id", String.valueOf(grant)).query(Long.class).single()).isZero();
  }

  /** An access request for a new mini program of the workspace: a grant waiting for its decision. */
  private long requestedGrant(String name) {
    return developer.post("/api/v1/mini-programs/" + developer.createMiniProgram(workspaceId, name + " "
        + UUID.randomUUID()).id() + "/access-requests", Map.of("scopes", List.of("UPLOAD"), "days", 5,
            "justification", "Helping with the launch"))
        .id();
  }

  private long releasedWithReview() {
    long miniProgram = developer.createMiniProgram(workspaceId, "Evidence " + UUID.randomUUID()).id();
    long version = developer.upload(miniProgram, "1.0.0", TestPackages.valid()).id();
    long release = developer.post("/api/v1/releases", Map.of("versionId", version, "targetAppId",
        developer.defaultTargetAppId(workspaceId), "environment", "PRODUCTION")).releaseId();
    long task = Releases.awaitReviewTask(reviewer, release);
    assertThat(reviewer.post("/api/v1/tasks/" + task + "/claim").status()).isEqualTo(200);
    assertThat(reviewer.post("/api/v1/tasks/" + task + "/complete", Map.of("decision", "approve", "comment",
        "Evidence looks complete")).status()).isEqualTo(200);
    Releases.awaitStatus(developer, release, "APPROVED");
    assertThat(operator.post("/api/v1/releases/" + release + "/full").status()).isEqualTo(202);
    Releases.awaitStatus(developer, release, "RELEASED");
    return release;
  }

  private void awaitSealed() {
    await().atMost(Duration.ofSeconds(20)).until(() -> jdbc.sql("""
            select count(*) from audit_event e where e.workspace_id = :ws
            and not exists (select 1 from audit_chain c where c.audit_id = e.id)""")
        .param("ws", workspaceId).query(Long.class).single() == 0);
  }

  private static ResponseEntity<byte[]> fetch(String path, ApiClient who) {
    return who.getEntity(path);
  }

  private PublicKey publishedKey(String keyId) throws Exception {
    return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(Base64.getDecoder()
        .decode(keys.publicKeyFile(keyId).orElseThrow())));
  }

  private static boolean verifies(PublicKey key, byte[] content, byte[] signature) throws Exception {
    Signature ed = Signature.getInstance("Ed25519");
    ed.initVerify(key);
    ed.update(content);
    return ed.verify(signature);
  }

  private static String openssl(Path dir, String keyId) throws IOException, InterruptedException {
    Process openssl = new ProcessBuilder("openssl", "pkeyutl", "-verify", "-pubin", "-inkey", keyId + ".pem",
        "-rawin", "-in", "evidence.json", "-sigfile", "evidence.sig").directory(dir.toFile())
        .redirectErrorStream(true).start();
    assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
    return new String(openssl.getInputStream().readAllBytes());
  }

  /** The exit code, output and errors of the command-line client. */
  private static String[] cli(String... args) {
    var out = new java.io.StringWriter();
    var err = new java.io.StringWriter();
    int exit = dev.miniflow.cli.MiniflowCli.run(new java.io.PrintWriter(out, true), new java.io.PrintWriter(err,
        true), args);
    return new String[] {String.valueOf(exit), out.toString(), err.toString()};
  }

  private static byte[] zipOf(Map<String, byte[]> files) throws IOException {
    var bytes = new java.io.ByteArrayOutputStream();
    try (var zip = new java.util.zip.ZipOutputStream(bytes)) {
      for (var file : files.entrySet()) {
        zip.putNextEntry(new java.util.zip.ZipEntry(file.getKey()));
        zip.write(file.getValue());
        zip.closeEntry();
      }
    }
    return bytes.toByteArray();
  }

  private static Map<String, byte[]> unzip(byte[] zip) throws IOException {
    Map<String, byte[]> files = new HashMap<>();
    try (var in = new ZipInputStream(new ByteArrayInputStream(zip))) {
      for (var entry = in.getNextEntry(); entry != null; entry = in.getNextEntry()) {
        files.put(entry.getName(), in.readAllBytes());
      }
    }
    return files;
  }
}
