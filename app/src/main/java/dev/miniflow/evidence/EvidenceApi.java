package dev.miniflow.evidence;

import java.util.List;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RestController;

/** Verifying a workspace's audit chain, and the keys that sign its checkpoints. */
@RestController
class EvidenceApi {
  private final ChainVerification verification;
  private final EvidenceKeyAdministration keys;

  EvidenceApi(ChainVerification verification, EvidenceKeyAdministration keys) {
    this.verification = verification;
    this.keys = keys;
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
