package dev.miniflow.cli;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.hc.client5.http.classic.methods.HttpGet;
import org.apache.hc.client5.http.classic.methods.HttpPost;
import org.apache.hc.client5.http.classic.methods.HttpUriRequestBase;
import org.apache.hc.client5.http.entity.mime.MultipartEntityBuilder;
import org.apache.hc.client5.http.impl.classic.CloseableHttpClient;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.apache.hc.core5.http.ContentType;
import org.apache.hc.core5.http.io.entity.EntityUtils;
import org.apache.hc.core5.http.io.entity.StringEntity;

/** The few API calls the CLI makes, each answering JSON or throwing the problem Miniflow answered with. */
final class MiniflowApi {
  /** Answers larger than this are no answer of Miniflow's to these calls: they are not read. */
  private static final int MAX_ANSWER_BYTES = 1024 * 1024;

  private final URI base;
  private final String token;
  private final ObjectMapper json = new ObjectMapper();

  MiniflowApi(URI base, String token) {
    this.base = base;
    this.token = token;
  }

  /** Miniflow said no (a problem answer), or could not be reached; the message is for the person reading the log. */
  static final class Refused extends RuntimeException {
    Refused(String message) {
      super(message);
    }
  }

  JsonNode upload(long miniProgramId, String version, Path pkg) {
    HttpPost post = new HttpPost(base.resolve("api/v1/mini-programs/" + miniProgramId + "/versions"));
    post.setEntity(MultipartEntityBuilder.create().addTextBody("version", version)
        .addBinaryBody("package", pkg.toFile(), ContentType.create("application/zip"),
            String.valueOf(pkg.getFileName()))
        .build());
    return call(post);
  }

  /** One release per target app; their ids in the order asked. */
  List<Long> requestRelease(long versionId, List<Long> targetApps, String environment) {
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("versionId", versionId);
    body.put("targetAppIds", targetApps);
    body.put("environment", environment);
    HttpPost post = new HttpPost(base.resolve("api/v1/releases"));
    try {
      post.setEntity(new StringEntity(json.writeValueAsString(body), ContentType.APPLICATION_JSON));
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    List<Long> ids = new ArrayList<>();
    call(post).path("releases").forEach(release -> ids.add(release.path("id").asLong()));
    return ids;
  }

  /** The verification of a workspace's audit chain (0: the platform's). */
  JsonNode chainVerification(long workspaceId) {
    return call(new HttpGet(base.resolve("api/v1/workspaces/" + workspaceId + "/audit/verification")));
  }

  JsonNode release(long releaseId) {
    return call(new HttpGet(base.resolve("api/v1/releases/" + releaseId)));
  }

  private JsonNode call(HttpUriRequestBase request) {
    request.setHeader("Authorization", "Bearer " + token);
    request.setHeader("Accept", "application/json, application/problem+json");
    // a CI job never retries a POST by itself: an upload or release request is made once
    try (CloseableHttpClient http = HttpClients.custom().disableAutomaticRetries().build()) {
      return http.execute(request, response -> {
        var entity = response.getEntity();
        if (entity != null && entity.getContentLength() > MAX_ANSWER_BYTES) {
          throw new Refused(request.getMethod() + " " + request.getRequestUri() + " answered "
              + response.getCode() + " with " + entity.getContentLength() + " bytes, more than Miniflow sends.");
        }
        String text = entity == null ? "" : EntityUtils.toString(entity, MAX_ANSWER_BYTES);
        JsonNode body = text.isBlank() ? json.nullNode() : parse(text);
        if (response.getCode() >= 400) {
          throw new Refused(problem(response.getCode(), body));
        }
        return body;
      });
    } catch (IOException e) {
      throw new Refused("Miniflow at " + base + " could not be reached: " + e.getMessage());
    }
  }

  private JsonNode parse(String text) {
    try {
      return json.readTree(text);
    } catch (IOException e) {
      return json.getNodeFactory().textNode(text.length() > 300 ? text.substring(0, 300) + "…" : text);
    }
  }

  /** "403 Forbidden: This token does not have the scope 'release' this call needs." */
  private static String problem(int status, JsonNode body) {
    String title = body.path("title").asText("");
    String detail = body.path("detail").asText(body.isTextual() ? body.asText() : "");
    StringBuilder message = new StringBuilder(String.valueOf(status));
    if (!title.isBlank()) {
      message.append(' ').append(title);
    }
    if (!detail.isBlank()) {
      message.append(": ").append(detail);
    }
    body.path("errors").forEach(error -> message.append("\n  ").append(error.asText()));
    return message.toString();
  }
}
