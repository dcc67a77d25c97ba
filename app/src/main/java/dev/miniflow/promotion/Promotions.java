package dev.miniflow.promotion;

import dev.miniflow.support.DomainException;
import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.miniflow.authorization.AccessPolicy;
import dev.miniflow.authorization.Scope;
import dev.miniflow.miniprogram.AppVersion;
import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.release.ReleaseQueries;
import dev.miniflow.release.Testers;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Promotion codes (a page of a mini program in a target app, behind a stable short link) and
 * preview codes (a version before its release, signed, 15 minutes, for its testers only).
 */
@Service
public class Promotions {
  static final int MAX_PAGE_PATH = 256;
  static final int MAX_QUERY = 64;
  static final int MAX_DESCRIPTION = 64;
  private static final Pattern PAGE_PATH = Pattern.compile("[A-Za-z0-9_\\-]+(/[A-Za-z0-9_\\-.]+)*");
  private static final Pattern QUERY = Pattern.compile("[A-Za-z0-9_\\-.~%]+=[A-Za-z0-9_\\-.~%]*(&[A-Za-z0-9_\\-.~%]+=[A-Za-z0-9_\\-.~%]*)*");
  private static final String ALPHABET = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PromotionCodeRepository codes;
  private final PreviewCodeRepository previews;
  private final MiniProgramService miniPrograms;
  private final TargetApps targetApps;
  private final ReleaseQueries releases;
  private final AccessPolicy policy;
  private final AuditTrail audit;
  private final Clock clock;
  private final CodeLinks links;

  Promotions(PromotionCodeRepository codes, PreviewCodeRepository previews, MiniProgramService miniPrograms,
      TargetApps targetApps, ReleaseQueries releases, AccessPolicy policy, AuditTrail audit, Clock clock,
      CodeLinks links) {
    this.codes = codes;
    this.previews = previews;
    this.miniPrograms = miniPrograms;
    this.targetApps = targetApps;
    this.releases = releases;
    this.policy = policy;
    this.audit = audit;
    this.clock = clock;
    this.links = links;
  }

  public record NewPromotionCode(Long targetAppId, String pagePath, String query, String description,
      String errorCorrection, Integer size) {}

  @Transactional
  public PromotionCode create(long miniProgramId, NewPromotionCode request) {
    MiniProgram program = miniPrograms.get(miniProgramId);
    String user = policy.require(program.workspaceId(), miniProgramId, Scope.RELEASE);
    if (request.targetAppId() == null) {
      throw Problems.invalid("Name the target app the code opens the mini program in ('targetAppId').");
    }
    TargetApp app = targetApps.get(program.workspaceId(), request.targetAppId());
    String page = request.pagePath() == null ? "" : request.pagePath().strip();
    if (page.isEmpty() || page.length() > MAX_PAGE_PATH || !PAGE_PATH.matcher(page).matches() || page.contains("..")) {
      throw Problems.invalid("The page path must be 1 to " + MAX_PAGE_PATH + " characters like 'pages/index/index'"
          + " (letters, digits, - _ . and /, no leading '/' or '..'); it has " + page.length() + ".");
    }
    String query = request.query() == null ? "" : request.query().strip();
    if (query.length() > MAX_QUERY || !query.isEmpty() && !QUERY.matcher(query).matches()) {
      throw Problems.invalid("The query must be at most " + MAX_QUERY + " characters of key=value pairs joined by '&'"
          + " (it has " + query.length() + ").");
    }
    String description = request.description() == null ? "" : request.description().strip();
    if (description.length() > MAX_DESCRIPTION || description.chars().anyMatch(Character::isISOControl)) {
      throw Problems.invalid("The description must be at most " + MAX_DESCRIPTION + " characters without control"
          + " characters (it has " + description.length() + ").");
    }
    ErrorCorrectionLevel level = level(request.errorCorrection());
    int size = request.size() == null ? 256 : request.size();
    if (size < QrCodes.MIN_SIZE || size > QrCodes.MAX_SIZE) {
      throw Problems.invalid("The size must be " + QrCodes.MIN_SIZE + " to " + QrCodes.MAX_SIZE + " pixels.");
    }
    PromotionCode saved = codes.save(new PromotionCode(null, program.workspaceId(), miniProgramId, app.id(),
        shortCode(), page, query, description, level.name(), size, user, clock.instant()));
    audit.record(user, PromotionAudit.PROMOTION_CODE_CREATED, miniProgramId, program.workspaceId(),
        app.name() + " " + page + (query.isEmpty() ? "" : "?" + query) + " → /q/" + saved.shortCode());
    return saved;
  }

  /** The target apps a code of the mini program may open it in. */
  public List<TargetApp> targetAppsFor(long miniProgramId) {
    return targetApps.ofWorkspace(miniPrograms.get(miniProgramId).workspaceId());
  }

  public List<PromotionCode> list(long miniProgramId) {
    miniPrograms.get(miniProgramId);
    return codes.findByMiniProgramIdOrderByIdDesc(miniProgramId);
  }

  public PromotionCode get(long codeId) {
    PromotionCode code = codes.findById(codeId).orElseThrow(() -> Problems.notFound("Promotion code " + codeId));
    miniPrograms.get(code.miniProgramId());
    return code;
  }

  /** What a promotion code's QR holds: its short link, stable for the life of the code. */
  public String shortLink(PromotionCode code) {
    return links.shortLink(code);
  }

  public byte[] png(PromotionCode code) {
    return links.png(code);
  }

  public String svg(PromotionCode code) {
    return links.svg(code);
  }

  public record Landing(String miniProgram, String targetApp, String pagePath, String query, String description,
      String deepLink) {}

  /** Where a scanned short link leads: no login, scanners are the public. */
  public Landing open(String shortCode) {
    PromotionCode code = codes.findByShortCode(shortCode == null ? "" : shortCode)
        .orElseThrow(() -> Problems.notFound("Code " + shortCode));
    MiniProgram program = miniPrograms.miniProgramWithoutAccessCheck(code.miniProgramId());
    TargetApp app = targetApps.get(code.workspaceId(), code.targetAppId());
    String deepLink = app.code() + "://mini-program/" + program.id() + "/" + code.pagePath()
        + (code.query().isEmpty() ? "" : "?" + code.query());
    return new Landing(program.name(), app.name(), code.pagePath(), code.query(), code.description(), deepLink);
  }

  // --- preview codes ---

  public record NewPreviewCode(List<String> testers) {}

  public record IssuedPreview(long id, long versionId, String version, List<String> testers, Instant expiresAt,
      String link) {}

  @Transactional
  public IssuedPreview preview(long versionId, NewPreviewCode request) {
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

  public byte[] previewPng(long previewId) {
    PreviewCode code = previews.findById(previewId).orElseThrow(() -> Problems.notFound("Preview code " + previewId));
    miniPrograms.version(code.versionId()); // members of the workspace only
    return links.png(code);
  }

  public record Preview(String miniProgram, String version, String sha256, Instant expiresAt) {}

  /**
   * Opens a preview for a tester. A token that is not Miniflow's (altered, made up) is refused
   * before anything else; then its end; then whether the tester is one it was made for.
   */
  public Preview openPreview(String token, String tester) {
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
    return new Preview(program.name(), version.version(), version.sha256(), read.expiresAt());
  }

  private static ErrorCorrectionLevel level(String name) {
    if (name == null || name.isBlank()) {
      return ErrorCorrectionLevel.M;
    }
    try {
      return ErrorCorrectionLevel.valueOf(name.strip().toUpperCase());
    } catch (IllegalArgumentException e) {
      throw Problems.invalid("The error correction level is one of L, M, Q, H ('" + name + "' is not).");
    }
  }

  private static String shortCode() {
    StringBuilder code = new StringBuilder(8);
    for (int i = 0; i < 8; i++) {
      code.append(ALPHABET.charAt(RANDOM.nextInt(ALPHABET.length())));
    }
    return code.toString();
  }
}
