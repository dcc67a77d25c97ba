package dev.miniflow.partner;

import dev.miniflow.support.DomainException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.support.Hmac;
import dev.miniflow.support.Problems;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.http.ResponseEntity;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RestController;

/**
 * Where partner apps confirm go-live. Partners have no Miniflow account: the body's HMAC-SHA256
 * under the target app's secret is the proof of origin, so an unsigned or wrongly signed call
 * changes nothing.
 */
@RestController
class PartnerCallbackApi {
  static final String SIGNATURE_HEADER = "X-Partner-Signature";
  private static final Set<String> STATUSES = Set.of("LIVE", "REJECTED");

  private final TargetAppRepository targetApps;
  private final ApplicationEventPublisher events;
  private final ObjectMapper json;
  private final java.time.Clock clock;

  PartnerCallbackApi(TargetAppRepository targetApps, ApplicationEventPublisher events, ObjectMapper json,
      java.time.Clock clock) {
    this.targetApps = targetApps;
    this.events = events;
    this.json = json;
    this.clock = clock;
  }

  /**
   * Receives a target app's callback about what it published. Body: JSON with idempotencyKey and status (LIVE or
   * REJECTED). Public: partners have no account, so the body must carry the target app's HMAC-SHA256 signature in the
   * signature header; 204 when taken, 401 when the signature does not match.
   */
  @PostMapping("/api/v1/partner-callbacks/{targetAppId}")
  @Transactional
  ResponseEntity<Void> confirm(@PathVariable long targetAppId,
      @RequestHeader(name = SIGNATURE_HEADER, required = false) String signature, @RequestBody String body)
      throws IOException {
    TargetApp app = targetApps.findById(targetAppId).filter(a -> a.secret() != null)
        .orElseThrow(() -> Problems.notFound("Target app " + targetAppId));
    String hex = signature != null && signature.startsWith("sha256=") ? signature.substring(7) : signature;
    // after a secret change the partner may sign with the old one for the grace period
    boolean previousValid = app.previousSecret() != null && app.previousSecretUntil() != null
        && app.previousSecretUntil().isAfter(clock.instant());
    if (!Hmac.matches(app.secret().getBytes(StandardCharsets.UTF_8), body, hex)
        && !(previousValid && Hmac.matches(app.previousSecret().getBytes(StandardCharsets.UTF_8), body, hex))) {
      throw Problems.of(DomainException.Kind.UNAUTHENTICATED, "Invalid signature",
          "The " + SIGNATURE_HEADER + " header does not match the body.", "invalid-signature");
    }
    JsonNode message;
    try {
      message = json.readTree(body);
    } catch (IOException e) {
      throw Problems.invalid("The body must be JSON with idempotencyKey and status.");
    }
    String key = message.path("idempotencyKey").asText("");
    String status = message.path("status").asText("");
    if (key.isBlank() || !STATUSES.contains(status)) {
      throw Problems.invalid("The body needs an idempotencyKey and a status of LIVE or REJECTED.");
    }
    events.publishEvent(new PartnerConfirmation(targetAppId, key, status, message.path("reason").asText(null)));
    return ResponseEntity.noContent().build();
  }
}
