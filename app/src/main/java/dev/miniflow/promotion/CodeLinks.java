package dev.miniflow.promotion;

import com.google.zxing.qrcode.decoder.ErrorCorrectionLevel;
import dev.miniflow.support.DomainException;
import dev.miniflow.support.MiniflowSettings;
import dev.miniflow.support.Problems;
import dev.miniflow.support.SigningKey;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import org.springframework.stereotype.Component;

/**
 * What a code's QR holds, and the QR drawn of it: a promotion code's short link (from the base
 * URL, stable for the life of the code) and a preview code's link, whose token names the code, the
 * version and the end, signed. The token's form, signature and 15 minutes live here alone, for
 * making it and for reading it back.
 */
@Component
class CodeLinks {
  static final Duration PREVIEW_LIFETIME = Duration.ofMinutes(15);

  private final SigningKey key;
  private final Clock clock;
  private final String baseUrl;

  CodeLinks(SigningKey key, Clock clock, MiniflowSettings settings) {
    this.key = key;
    this.clock = clock;
    this.baseUrl = settings.baseUrl().replaceAll("/+$", "");
  }

  /** What a promotion code's QR holds: its short link, stable for the life of the code. */
  String shortLink(PromotionCode code) {
    return baseUrl + "/q/" + code.shortCode();
  }

  byte[] png(PromotionCode code) {
    return QrCodes.png(shortLink(code), ErrorCorrectionLevel.valueOf(code.errorCorrection()), code.sizePx());
  }

  String svg(PromotionCode code) {
    return QrCodes.svg(shortLink(code), ErrorCorrectionLevel.valueOf(code.errorCorrection()), code.sizePx());
  }

  /** A preview code issued now: from now, until the end its token carries (whole seconds). */
  record PreviewTerm(Instant issuedAt, Instant expiresAt) {}

  PreviewTerm previewTerm() {
    Instant now = clock.instant();
    return new PreviewTerm(now, now.plus(PREVIEW_LIFETIME).truncatedTo(ChronoUnit.SECONDS));
  }

  /** What a preview code's QR holds: a link whose token names the code, the version and the end, signed. */
  String previewLink(PreviewCode code) {
    String content = code.id() + "." + code.versionId() + "." + code.expiresAt().getEpochSecond();
    return baseUrl + "/p/" + content + "." + key.sign("preview:" + content);
  }

  byte[] png(PreviewCode code) {
    return QrCodes.png(previewLink(code), ErrorCorrectionLevel.M, 256);
  }

  /** What a scanned preview token says, once it is known to be Miniflow's and not yet over. */
  record PreviewToken(long previewId, long versionId, Instant expiresAt) {}

  /**
   * Reads a scanned preview token. One that is not Miniflow's (altered, made up) is refused before
   * anything else; then its end. Whether the code still exists and whom it is for is the caller's.
   */
  PreviewToken readPreviewToken(String token) {
    String[] parts = token == null ? new String[0] : token.split("\\.");
    if (parts.length != 4 || !key.verify("preview:" + parts[0] + "." + parts[1] + "." + parts[2], parts[3])) {
      throw Problems.of(DomainException.Kind.INVALID, "Not a valid preview code",
          "This code was altered or was not made by Miniflow.", "preview-invalid");
    }
    long id;
    long versionId;
    Instant expires;
    try {
      id = Long.parseLong(parts[0]);
      versionId = Long.parseLong(parts[1]);
      expires = Instant.ofEpochSecond(Long.parseLong(parts[2]));
    } catch (NumberFormatException e) {
      throw Problems.of(DomainException.Kind.INVALID, "Not a valid preview code", "This code is malformed.",
          "preview-invalid");
    }
    if (!clock.instant().isBefore(expires)) {
      throw Problems.of(DomainException.Kind.GONE, "Preview code expired",
          "This preview code expired at " + expires + ". Ask the developer for a new one.", "preview-expired");
    }
    return new PreviewToken(id, versionId, expires);
  }
}
