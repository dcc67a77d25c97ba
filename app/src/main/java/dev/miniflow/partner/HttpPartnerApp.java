package dev.miniflow.partner;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.support.Hmac;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.client.JdkClientHttpRequestFactory;
import org.springframework.stereotype.Component;
import org.springframework.web.client.ResourceAccessException;
import org.springframework.web.client.RestClient;
import org.springframework.web.client.RestClientResponseException;

/**
 * Reaches a partner app over HTTP: a JSON POST to its endpoint, signed with HMAC-SHA256 of the body
 * under the target app's secret, with an idempotency key so a retried call publishes once.
 * 2xx means accepted; 408, 429, 5xx, timeouts and refused connections are transient; any other
 * answer is the partner's final "no".
 */
@Component
class HttpPartnerApp implements PartnerAppConnector {
  static final String KIND = "http";
  static final String SIGNATURE_HEADER = "X-Miniflow-Signature";
  static final String IDEMPOTENCY_HEADER = "Idempotency-Key";

  private final RestClient http;
  private final ObjectMapper json;

  HttpPartnerApp(ObjectMapper json,
      @Value("${miniflow.partner.connect-timeout:PT2S}") Duration connectTimeout,
      @Value("${miniflow.partner.read-timeout:PT10S}") Duration readTimeout) {
    var factory = new JdkClientHttpRequestFactory(HttpClient.newBuilder().connectTimeout(connectTimeout)
        .followRedirects(HttpClient.Redirect.NEVER).build());
    factory.setReadTimeout(readTimeout);
    this.http = RestClient.builder().requestFactory(factory).build();
    this.json = json;
  }

  @Override
  public String kind() {
    return KIND;
  }

  @Override
  public PublicationReceipt publish(PublicationRequest request) {
    TargetApp app = request.targetApp();
    if (app.endpointUrl() == null || app.secret() == null) {
      throw new PartnerRejectedException("Target app " + app.code() + " has no endpoint or secret configured");
    }
    String body = body(request);
    try {
      JsonNode answer = http.post().uri(app.endpointUrl())
          .contentType(MediaType.APPLICATION_JSON)
          .header(IDEMPOTENCY_HEADER, request.idempotencyKey())
          .header(SIGNATURE_HEADER, "sha256=" + Hmac.sha256Hex(app.secret().getBytes(StandardCharsets.UTF_8), body))
          .body(body)
          .retrieve()
          .body(JsonNode.class);
      String reference = answer == null ? request.idempotencyKey() : answer.path("reference").asText(request.idempotencyKey());
      return new PublicationReceipt(reference, Instant.now());
    } catch (RestClientResponseException e) {
      if (transient_(e.getStatusCode())) {
        throw new PartnerUnavailableException(app.name() + " answered " + e.getStatusCode().value(), e);
      }
      throw new PartnerRejectedException(app.name() + " refused the publication: " + reason(e));
    } catch (ResourceAccessException e) {
      throw new PartnerUnavailableException(app.name() + " is not reachable: " + e.getMessage(), e);
    }
  }

  private static boolean transient_(HttpStatusCode status) {
    return status.is5xxServerError() || status.value() == 408 || status.value() == 429;
  }

  private String reason(RestClientResponseException e) {
    try {
      JsonNode body = json.readTree(e.getResponseBodyAsString());
      String reason = body == null ? null : body.path("reason").asText(body.path("detail").asText(null));
      return reason == null || reason.isBlank() ? "HTTP " + e.getStatusCode().value() : truncate(reason);
    } catch (JsonProcessingException notJson) {
      return "HTTP " + e.getStatusCode().value();
    }
  }

  private static String truncate(String text) {
    return text.length() <= 500 ? text : text.substring(0, 500) + "…";
  }

  private String body(PublicationRequest request) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("idempotencyKey", request.idempotencyKey());
    body.put("targetApp", request.targetApp().code());
    body.put("stage", request.stage().name());
    body.put("percent", request.percent());
    body.put("testers", request.testers());
    body.put("bundleSha256", request.bundleSha256());
    body.put("bundleSignature", request.signature());
    try {
      body.put("bundle", json.readTree(request.bundleJson()));
      return json.writeValueAsString(body);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
