package dev.miniflow.partner;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.support.Hmac;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;
import org.springframework.http.HttpStatusCode;
import org.springframework.stereotype.Component;

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

  /** A partner's answer is read up to this many bytes; the rest is never read. */
  static final int MAX_ANSWER = 16 * 1024;
  /** A partner's reference is kept only in this shape (it lands in audit entries and pages). */
  private static final java.util.regex.Pattern REFERENCE = java.util.regex.Pattern.compile("[A-Za-z0-9._:/-]{1,128}");

  private final java.time.Clock clock;
  private final OutboundHttp http;
  private final ObjectMapper json;
  private final PartnerEndpoints endpoints;

  HttpPartnerApp(ObjectMapper json, PartnerEndpoints endpoints,
      PartnerSettings settings, java.time.Clock clock) {
    this.clock = clock;
    this.http = endpoints.client(settings.connectTimeout(), settings.readTimeout(), 8);
    this.json = json;
    this.endpoints = endpoints;
  }

  @jakarta.annotation.PreDestroy
  void close() throws java.io.IOException {
    http.close();
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
    String refusal = endpoints.refusal(app.endpointUrl());
    if (refusal != null) {
      throw new PartnerRejectedException(app.name() + ": " + refusal);
    }
    String body = body(request);
    OutboundHttp.Answer answer;
    try {
      answer = http.postJson(app.endpointUrl(), Map.of(IDEMPOTENCY_HEADER, request.idempotencyKey(),
          SIGNATURE_HEADER, "sha256=" + Hmac.sha256Hex(app.secret().getBytes(StandardCharsets.UTF_8), body)),
          body, MAX_ANSWER);
    } catch (PartnerEndpoints.InternalAddressException e) {
      throw new PartnerRejectedException(app.name() + ": " + e.getMessage());
    } catch (java.io.IOException e) {
      throw new PartnerUnavailableException(app.name() + " is not reachable: " + e.getMessage(), e);
    }
    JsonNode answered = parsed(answer.body());
    HttpStatusCode status = HttpStatusCode.valueOf(answer.status());
    if (status.is2xxSuccessful()) {
      String reference = answered == null ? null : answered.path("reference").asText(null);
      return new PublicationReceipt(reference != null && REFERENCE.matcher(reference).matches() ? reference
          : request.idempotencyKey(), clock.instant());
    }
    if (transient_(status)) {
      throw new PartnerUnavailableException(app.name() + " answered " + status.value(), null);
    }
    throw new PartnerRejectedException(app.name() + " refused the publication: " + reason(answered, status));
  }

  /** The partner's JSON answer (read up to {@link #MAX_ANSWER} bytes); null if there is none or it is not JSON. */
  private JsonNode parsed(byte[] bytes) {
    if (bytes.length == 0) {
      return null;
    }
    try {
      return json.readTree(bytes);
    } catch (java.io.IOException notJson) {
      return null; // also an answer cut at the cap
    }
  }

  private static boolean transient_(HttpStatusCode status) {
    return status.is5xxServerError() || status.value() == 408 || status.value() == 429;
  }

  /** The partner's stated reason, as printable text of at most 200 characters (it is shown to people). */
  private static String reason(JsonNode answer, HttpStatusCode status) {
    String reason = answer == null ? null : answer.path("reason").asText(answer.path("detail").asText(null));
    if (reason == null || reason.isBlank()) {
      return "HTTP " + status.value();
    }
    String printable = reason.replaceAll("[\\p{Cntrl}\\p{Cf}]", " ").strip();
    return printable.length() <= 200 ? printable : printable.substring(0, 200) + "…";
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
    } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
