package dev.miniflow.webhook;

import dev.miniflow.partner.PartnerEndpoints;
import dev.miniflow.support.DomainException;
import dev.miniflow.support.Hmac;
import dev.miniflow.support.SealedSecrets;
import dev.miniflow.partner.OutboundHttp;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.Map;
import org.springframework.stereotype.Component;

/**
 * One signed POST of a delivery, by the partner endpoints' {@link OutboundHttp}: the receiver is
 * hostile (no redirects, a time limit on the whole call, its answer's body never kept, and its
 * connection only to an address that was checked for it).
 */
@Component
class WebhookSender {
  static final String ID = "Miniflow-Webhook-Id";
  static final String EVENT = "Miniflow-Webhook-Event";
  static final String TIMESTAMP = "Miniflow-Webhook-Timestamp";
  static final String SIGNATURE = "Miniflow-Webhook-Signature";

  private final PartnerEndpoints endpoints;
  private final SealedSecrets secrets;
  private final Clock clock;
  private final OutboundHttp http;

  WebhookSender(PartnerEndpoints endpoints, SealedSecrets secrets, WebhookSettings settings, Clock clock) {
    this.endpoints = endpoints;
    this.secrets = secrets;
    this.clock = clock;
    this.http = endpoints.client(settings.connectTimeout(), settings.timeout(), WebhookDispatcher.PER_WEBHOOK);
  }

  @jakarta.annotation.PreDestroy
  void close() throws IOException {
    http.close();
  }

  /** How a call went: the receiver's status (null if none came) and, when it failed, why. */
  record Outcome(Integer status, String error) {
    boolean delivered() {
      return error == null;
    }
  }

  /** What the receiver checks: HMAC-SHA256 with the webhook's secret over "{timestamp}.{body}". */
  static String signature(String secret, long timestamp, String body) {
    return "sha256=" + Hmac.sha256Hex(secret.getBytes(StandardCharsets.UTF_8), timestamp + "." + body);
  }

  Outcome send(WebhookStore.Due delivery) {
    try {
      endpoints.check(delivery.url());
    } catch (DomainException e) {
      return new Outcome(null, e.detail());
    }
    String secret;
    try {
      secret = secrets.open(delivery.sealedSecret(), WebhookStore.secretPurpose(delivery.webhookId()));
    } catch (IllegalStateException e) {
      return new Outcome(null, e.getMessage() + ": delete the webhook and register it again.");
    }
    long timestamp = clock.instant().getEpochSecond();
    try {
      // only the status counts: not a byte of the answer's body is kept
      int status = http.postJson(delivery.url(), Map.of("User-Agent", "Miniflow-Webhooks/1",
          ID, delivery.id().toString(), EVENT, delivery.eventType(), TIMESTAMP, String.valueOf(timestamp),
          SIGNATURE, signature(secret, timestamp, delivery.payload())), delivery.payload(), 0).status();
      return status >= 200 && status < 300 ? new Outcome(status, null)
          : new Outcome(status, "The receiver answered " + status + ".");
    } catch (PartnerEndpoints.InternalAddressException e) {
      return new Outcome(null, e.getMessage());
    } catch (IOException e) {
      return new Outcome(null, "The receiver could not be reached: " + e.getClass().getSimpleName()
          + (e.getMessage() == null ? "" : " " + e.getMessage()));
    }
  }
}
