package dev.miniflow.release;

import dev.miniflow.miniprogram.AppVersion;
import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.support.AuditTrail;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** The package step of bpmn/release.bpmn: builds and signs the publication bundle (manifest and checksum), once. */
@Component
class ReleaseBundles {
  private final ReleaseRepository releases;
  private final ReleaseProcess process;
  private final MiniProgramService miniPrograms;
  private final TargetApps targetApps;
  private final PublicationSigner signer;
  private final AuditTrail audit;

  ReleaseBundles(ReleaseRepository releases, ReleaseProcess process, MiniProgramService miniPrograms,
      TargetApps targetApps, PublicationSigner signer, AuditTrail audit) {
    this.releases = releases;
    this.process = process;
    this.miniPrograms = miniPrograms;
    this.targetApps = targetApps;
    this.signer = signer;
    this.audit = audit;
  }

  @Transactional
  void buildBundle(long instanceKey, long releaseId) {
    Release release = process.bound(instanceKey, releaseId);
    if (release.bundle() != null) {
      return; // built already
    }
    if (release.status() != ReleaseStatus.APPROVED) {
      release.requireReached("build the bundle");
      return; // stopped meanwhile
    }
    AppVersion version = miniPrograms.versionWithoutAccessCheck(release.versionId());
    MiniProgram program = miniPrograms.miniProgramWithoutAccessCheck(release.miniProgramId());
    TargetApp app = targetApps.get(release.targetAppId());
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("releaseId", releaseId);
    manifest.put("miniProgram", Map.of("id", program.id(), "name", program.name()));
    manifest.put("version", version.version());
    manifest.put("targetApp", app.code());
    manifest.put("environment", release.environment().name());
    manifest.put("package", Map.of("sha256", version.sha256(), "bytes", version.packageBytes()));
    manifest.put("approvedBy", release.decidedBy());
    PublicationSigner.SignedBundle bundle = signer.sign(manifest);
    if (releases.attachBundle(releaseId, bundle.content(), bundle.sha256(), bundle.signature()) == 1) {
      audit.record(AuditTrail.SYSTEM, ReleaseAudit.PACKAGED, releaseId, release.workspaceId(),
          "Bundle sha256 " + bundle.sha256());
    }
  }
}
