package dev.miniflow.promotion;

import dev.miniflow.authorization.AccessPolicy;
import dev.miniflow.authorization.Scope;
import dev.miniflow.miniprogram.AppVersion;
import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.release.ReleaseQueries;
import dev.miniflow.release.Testers;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.DomainException;
import dev.miniflow.support.Problems;
import java.time.Instant;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Preview codes: a version before its release, for its testers only, for 15 minutes. Developers
 * issue them; a tester opens one without a login, its signed token ({@link CodeLinks}) being the proof.
 */
@Service
public class PreviewCodes {
  private final PreviewCodeRepository previews;
  private final MiniProgramService miniPrograms;
  private final ReleaseQueries releases;
  private final AccessPolicy policy;
  private final AuditTrail audit;
  private final CodeLinks links;

  PreviewCodes(PreviewCodeRepository previews, MiniProgramService miniPrograms, ReleaseQueries releases,
      AccessPolicy policy, AuditTrail audit, CodeLinks links) {
    this.previews = previews;
    this.miniPrograms = miniPrograms;
    this.releases = releases;
    this.policy = policy;
    this.audit = audit;
    this.links = links;
  }

  public record NewPreviewCode(List<String> testers) {}

  public record IssuedPreview(long id, long versionId, String version, List<String> testers, Instant expiresAt,
      String link) {}

  @Transactional
  public IssuedPreview issue(long versionId, NewPreviewCode request) {
    AppVersion version = miniPrograms.version(versionId);
    MiniProgram program = miniPrograms.get(version.miniProgramId());
    String user = policy.require(program.workspaceId(), program.id(), Scope.RELEASE);
    List<String> named = request == null || request.testers() == null || request.testers().isEmpty()
        ? releases.pilotTesters(versionId) : request.testers();
    if (named.isEmpty()) {
      throw Problems.invalid("Name the testers who may try this version (or start a pilot of it first).");
    }
    List<String> testers = Testers.whitelist(named);
    CodeLinks.PreviewTerm term = links.previewTerm();
    Instant expires = term.expiresAt();
    PreviewCode saved = previews.save(new PreviewCode(null, program.workspaceId(), program.id(), versionId, testers,
        expires, user, term.issuedAt()));
    audit.record(user, PromotionAudit.PREVIEW_CODE_CREATED, program.id(), program.workspaceId(),
        version.version() + " for " + String.join(", ", testers) + " until " + expires);
    return new IssuedPreview(saved.id(), versionId, version.version(), testers, expires, links.previewLink(saved));
  }

  public byte[] png(long previewId) {
    PreviewCode code = previews.findById(previewId).orElseThrow(() -> Problems.notFound("Preview code " + previewId));
    miniPrograms.version(code.versionId()); // members of the workspace only
    return links.png(code);
  }

  public record ScannedPreview(String miniProgram, String version, String sha256, Instant expiresAt) {}

  /**
   * Opens a preview for a tester. A token that is not Miniflow's (altered, made up) is refused
   * before anything else; then its end; then whether the tester is one it was made for.
   */
  public ScannedPreview open(String token, String tester) {
    CodeLinks.PreviewToken read = links.readPreviewToken(token);
    PreviewCode code = previews.findById(read.previewId()).filter(c -> c.versionId() == read.versionId())
        .orElseThrow(() -> Problems.of(DomainException.Kind.INVALID, "Not a valid preview code",
            "This code does not belong to any version.", "preview-invalid"));
    if (tester == null || !code.testers().contains(tester.strip())) {
      throw Problems.of(DomainException.Kind.FORBIDDEN, "Not a tester of this version",
          "This preview is only for the testers it was made for.", "preview-not-tester");
    }
    AppVersion version = miniPrograms.versionWithoutAccessCheck(read.versionId());
    MiniProgram program = miniPrograms.miniProgramWithoutAccessCheck(code.miniProgramId());
    return new ScannedPreview(program.name(), version.version(), version.sha256(), read.expiresAt());
  }
}
