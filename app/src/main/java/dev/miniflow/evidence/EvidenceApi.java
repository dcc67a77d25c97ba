package dev.miniflow.evidence;

import dev.miniflow.support.Csv;
import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

/** Verifying a workspace's audit chain, the keys that sign its checkpoints, and signed evidence bundles. */
@RestController
class EvidenceApi {
  private final ChainVerification verification;
  private final EvidenceKeyAdministration keys;
  private final EvidenceBundles bundles;
  private final ChainExport chain;

  EvidenceApi(ChainVerification verification, EvidenceKeyAdministration keys, EvidenceBundles bundles,
      ChainExport chain) {
    this.chain = chain;
    this.verification = verification;
    this.keys = keys;
    this.bundles = bundles;
  }

  /**
   * The release's evidence, signed (workspace admins and inspectors): a zip of evidence.json (RFC 8785 canonical
   * JSON), its Ed25519 signature evidence.sig, the public key and VERIFY.txt, checked offline with openssl.
   */
  @GetMapping(value = "/api/v1/releases/{id}/evidence", produces = "application/zip")
  ResponseEntity<byte[]> releaseEvidence(@PathVariable long id) {
    return zip(bundles.download(EvidenceBundles.Kind.RELEASE, id));
  }

  /** The removal's evidence, signed (workspace admins and inspectors), in the release evidence's form. */
  @GetMapping(value = "/api/v1/removals/{id}/evidence", produces = "application/zip")
  ResponseEntity<byte[]> removalEvidence(@PathVariable long id) {
    return zip(bundles.download(EvidenceBundles.Kind.REMOVAL, id));
  }

  /** The access grant's evidence, signed (workspace admins and inspectors), in the release evidence's form. */
  @GetMapping(value = "/api/v1/access-grants/{id}/evidence", produces = "application/zip")
  ResponseEntity<byte[]> grantEvidence(@PathVariable long id) {
    return zip(bundles.download(EvidenceBundles.Kind.GRANT, id));
  }

  private static ResponseEntity<byte[]> zip(EvidenceBundles.Download download) {
    return ResponseEntity.ok().contentType(MediaType.parseMediaType("application/zip"))
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment().filename(download.fileName())
            .build().toString())
        .cacheControl(CacheControl.noStore()).body(download.zip());
  }

  /**
   * Walks the workspace's audit chain and says whether it is intact, or names the first entry that does not
   * match (workspace admins and inspectors).
   */
  @GetMapping("/api/v1/workspaces/{workspaceId}/audit/verification")
  ChainVerification.Result verify(@PathVariable long workspaceId) {
    return verification.verify(workspaceId);
  }

  /**
   * The workspace's audit chain in order (workspace 0: the platform's), each entry with its canonical text, entry
   * hash and chain hash, and the checkpoints signed over them: an auditor recomputes and checks it all offline, and
   * compares a later export's chain hashes with an earlier one's. At most 10,000 entries; X-Next-From-Seq says where
   * the next part starts. Workspace admins, who read the audit trail (platform admins for workspace 0). Each export
   * is itself recorded in the audit trail (evidence.chain-exported, an evidence webhook event).
   */
  @GetMapping("/api/v1/workspaces/{workspaceId}/audit/chain.json")
  ResponseEntity<ChainExport.Export> chainJson(@PathVariable long workspaceId,
      @RequestParam(defaultValue = "1") long fromSeq, @RequestParam(defaultValue = "10000") int limit) {
    ChainExport.Export export = chain.export(workspaceId, fromSeq, limit);
    return withNext(ResponseEntity.ok(), export).body(export);
  }

  /** The same export as CSV: one row per entry with its position, content, entry hash and chain hash. */
  @GetMapping(value = "/api/v1/workspaces/{workspaceId}/audit/chain.csv", produces = "text/csv")
  ResponseEntity<String> chainCsv(@PathVariable long workspaceId, @RequestParam(defaultValue = "1") long fromSeq,
      @RequestParam(defaultValue = "10000") int limit) {
    ChainExport.Export export = chain.export(workspaceId, fromSeq, limit);
    String csv = Csv.toString(List.of("seq", "audit_id", "occurred_at", "actor", "action", "subject_type",
        "subject_id", "detail", "via", "entry_hash", "chain_hash"),
        export.entries().stream()
            .map(e -> java.util.Arrays.<Object>asList(e.seq(), e.auditId(), e.occurredAt(), e.actor(), e.action(),
                e.subjectType(), e.subjectId(), e.detail(), e.via(), e.entryHash(), e.chainHash()))
            .toList());
    return withNext(ResponseEntity.ok(), export).contentType(MediaType.parseMediaType("text/csv;charset=UTF-8"))
        .header(HttpHeaders.CONTENT_DISPOSITION, ContentDisposition.attachment()
            .filename("audit-chain-" + workspaceId + "-from-" + fromSeq + ".csv").build().toString())
        .body(csv);
  }

  private static ResponseEntity.BodyBuilder withNext(ResponseEntity.BodyBuilder reply, ChainExport.Export export) {
    return export.nextFromSeq() == null ? reply : reply.header("X-Next-From-Seq", export.nextFromSeq().toString());
  }

  /** The public keys (Ed25519) that sign checkpoints and evidence, current and retired (any logged-in user). */
  @GetMapping("/api/v1/evidence-keys")
  List<EvidenceKeyAdministration.PublicKey> publicKeys() {
    return keys.publicKeys();
  }

  /** Rotates the signing key (platform admins): a new key signs from now on; the old public key stays listed. */
  @PostMapping("/api/v1/platform/evidence-keys/rotate")
  EvidenceKeyAdministration.PublicKey rotate() {
    return keys.rotate();
  }
}
