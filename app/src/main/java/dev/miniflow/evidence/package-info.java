/**
 * Evidence an auditor can check: the audit trail sealed into hash chains per workspace, signed
 * checkpoints with the installation's Ed25519 key (rotated, old public keys kept), and the
 * verification of a chain. The modules it may use are all it uses (ModuleStructureTest).
 */
@ApplicationModule(allowedDependencies = {"support::api", "workspace::api"})
package dev.miniflow.evidence;

import org.springframework.modulith.ApplicationModule;
