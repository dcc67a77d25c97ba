package dev.miniflow.promotion;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.miniflow.authorization.AccessPolicy;
import dev.miniflow.authorization.Scope;
import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.List;
import java.util.regex.Pattern;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Promotion codes: a page of a mini program in a target app, behind a stable short link
 * ({@link CodeLinks}); developers make them, scanners land on them without a login. Preview codes
 * are {@link PreviewCodes}.
 */
@Service
public class PromotionCodes {
  static final int MAX_PAGE_PATH = 256;
  static final int MAX_QUERY = 64;
  static final int MAX_DESCRIPTION = 64;
  private static final Pattern PAGE_PATH = Pattern.compile("[A-Za-z0-9_\\-]+(/[A-Za-z0-9_\\-.]+)*");
  private static final Pattern QUERY =
      Pattern.compile("[A-Za-z0-9_\\-.~%]+=[A-Za-z0-9_\\-.~%]*(&[A-Za-z0-9_\\-.~%]+=[A-Za-z0-9_\\-.~%]*)*");
  private static final String ALPHABET = "23456789abcdefghjkmnpqrstuvwxyzABCDEFGHJKLMNPQRSTUVWXYZ";
  private static final SecureRandom RANDOM = new SecureRandom();

  private final PromotionCodeRepository codes;
  private final MiniProgramService miniPrograms;
  private final TargetApps targetApps;
  private final AccessPolicy policy;
  private final AuditTrail audit;
  private final Clock clock;

  PromotionCodes(PromotionCodeRepository codes, MiniProgramService miniPrograms, TargetApps targetApps,
      AccessPolicy policy, AuditTrail audit, Clock clock) {
    this.codes = codes;
    this.miniPrograms = miniPrograms;
    this.targetApps = targetApps;
    this.policy = policy;
    this.audit = audit;
    this.clock = clock;
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
