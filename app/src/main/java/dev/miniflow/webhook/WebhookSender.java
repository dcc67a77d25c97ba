package dev.miniflow.webhook;

import dev.miniflow.partner.PartnerEndpoints;
import dev.miniflow.support.DomainException;
import dev.miniflow.support.Hmac;
import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import org.springframework.stereotype.Component;

/**
 * One signed POST of a delivery. The receiver is hostile: no redirects, a time limit on the whole
 * call, and at most a few bytes of its answer are read (only its status counts). Its address is
 * checked again before each call, since the name may resolve elsewhere by then.
 */
@Component
class WebhookSender {
  static final String ID = "Miniflow-Webhook-Id";
  static final String EVENT = "Miniflow-Webhook-Event";
  static final String TIMESTAMP = "Miniflow-Webhook-Timestamp";
  static final String SIGNATURE = "Miniflow-Webhook-Signature";

  private final PartnerEndpoints endpoints;
  private final WebhookSettings settings;
  private final Clock clock;
  private final HttpClient http;

  WebhookSender(PartnerEndpoints endpoints, WebhookSettings settings, Clock clock) {
    this.endpoints = endpoints;
    this.settings = settings;
    this.clock = clock;
    this.http = HttpClient.newBuilder().connectTimeout(settings.connectTimeout())
        .followRedirects(HttpClient.Redirect.NEVER).build();
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
    long timestamp = clock.instant().getEpochSecond();
    HttpRequest request = HttpRequest.newBuilder(java.net.URI.create(delivery.url())).timeout(settings.timeout())
        .header("Content-Type", "application/json").header("User-Agent", "Miniflow-Webhooks/1")
        .header(ID, delivery.id().toString()).header(EVENT, delivery.eventType())
        .header(TIMESTAMP, String.valueOf(timestamp))
        .header(SIGNATURE, signature(delivery.secret(), timestamp, delivery.payload()))
        .POST(HttpRequest.BodyPublishers.ofString(delivery.payload())).build();
    try {
      // a request's time-out ends with the answer's headers: the whole call gets one of its own, and
      // the answer's body is never read (a receiver holding it open holds nothing of Miniflow's)
      HttpResponse<InputStream> response = http.sendAsync(request, HttpResponse.BodyHandlers.ofInputStream())
          .get(settings.timeout().plus(settings.connectTimeout()).toMillis(), TimeUnit.MILLISECONDS);
      response.body().close();
      int status = response.statusCode();
      return status >= 200 && status < 300 ? new Outcome(status, null)
          : new Outcome(status, "The receiver answered " + status + ".");
    } catch (IOException | ExecutionException e) {
      Throwable cause = e instanceof ExecutionException && e.getCause() != null ? e.getCause() : e;
      return new Outcome(null, "The receiver could not be reached: " + cause.getClass().getSimpleName()
          + (cause.getMessage() == null ? "" : " " + cause.getMessage()));
    } catch (TimeoutException e) {
      return new Outcome(null, "The receiver did not answer within "
          + settings.timeout().plus(settings.connectTimeout()) + ".");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      return new Outcome(null, "Interrupted while sending.");
    }
  }
}
