package dev.miniflow.evidence;

import java.util.List;
import org.springframework.http.CacheControl;
import org.springframework.http.ContentDisposition;
import org.springframework.http.HttpHeaders;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Verifying a workspace's audit chain, the keys that sign its checkpoints, and signed evidence bundles. */
@RestController
class EvidenceApi {
  private final ChainVerification verification;
  private final EvidenceKeyAdministration keys;
  private final EvidenceBundles bundles;

  EvidenceApi(ChainVerification verification, EvidenceKeyAdministration keys, EvidenceBundles bundles) {
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
