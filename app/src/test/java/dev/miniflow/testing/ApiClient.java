package dev.miniflow.testing;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.Map;
import org.apache.hc.client5.http.impl.classic.HttpClients;
import org.springframework.core.io.ByteArrayResource;
import org.springframework.http.HttpHeaders;
import org.springframework.http.HttpStatusCode;
import org.springframework.http.MediaType;
import org.springframework.http.ResponseEntity;
import org.springframework.http.client.HttpComponentsClientHttpRequestFactory;
import org.springframework.util.LinkedMultiValueMap;
import org.springframework.web.client.RestClient;

/**
 * Miniflow's REST API as one user calls it over HTTP (Basic auth, or a session: {@link SessionClient}). Every call returns the
 * status and the JSON body, errors included, so tests can assert problem details. It never retries:
 * a 503 or 429 is the test's to see.
 */
public class ApiClient {
  private final RestClient http;
  private final String baseUrl;
  private final java.util.function.Consumer<HttpHeaders> credentials;

  public ApiClient(String baseUrl, String username, String password) {
    this(baseUrl, h -> {
      if (username != null) {
        h.setBasicAuth(username, password);
      }
    });
  }

  /** With the given credentials on every call, such as a session cookie and its CSRF token. */
  public ApiClient(String baseUrl, java.util.function.Consumer<HttpHeaders> credentials) {
    this.baseUrl = baseUrl;
    this.credentials = credentials;
    this.http = RestClient.builder()
        // never sends a request again by itself (Apache's default repeats after a 503 or 429, POST
        // included): a refusal reaches the test as it is
        .requestFactory(new HttpComponentsClientHttpRequestFactory(
            HttpClients.custom().disableAutomaticRetries().build()))
        .baseUrl(baseUrl)
        .defaultHeaders(credentials)
        .defaultStatusHandler(HttpStatusCode::isError, (request, response) -> {})
        .build();
  }

  public record Reply(int status, JsonNode body) {
    public long id() {
      return body.get("id").asLong();
    }

    /** The first release a release request created. */
    public long releaseId() {
      return body.get("releases").get(0).get("id").asLong();
    }

    public String text(String field) {
      return body.path(field).asText(null);
    }
  }

  public Reply get(String path) {
    return reply(http.get().uri(path).retrieve().toEntity(JsonNode.class));
  }

  public Reply post(String path, Object body) {
    return reply(http.post().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
        .toEntity(JsonNode.class));
  }

  /** Posts a document (BPMN XML, form JSON) as it is. */
  public Reply postText(String path, MediaType type, String body) {
    return reply(http.post().uri(path).contentType(type).body(body).retrieve().toEntity(JsonNode.class));
  }

  /**
   * Posts a body the server refuses before reading it (413) and closes on: its answer may come
   * while the body is still being sent, and is read even when the rest of the body no longer goes out.
   */
  public Reply postTextExpectingRefusal(String path, MediaType type, String body) {
    try {
      var call = (java.net.HttpURLConnection) java.net.URI.create(baseUrl + path).toURL().openConnection();
      call.setRequestMethod("POST");
      call.setDoOutput(true);
      byte[] bytes = body.getBytes(java.nio.charset.StandardCharsets.UTF_8);
      call.setFixedLengthStreamingMode(bytes.length);
      call.setRequestProperty("Content-Type", type.toString());
      var headers = new HttpHeaders();
      credentials.accept(headers);
      headers.forEach((name, values) -> values.forEach(value -> call.addRequestProperty(name, value)));
      try (var out = call.getOutputStream()) {
        out.write(bytes);
      } catch (java.io.IOException refusedMidway) {
        // the server answered and closed before the whole body was sent
      }
      int status = call.getResponseCode();
      try (var in = status >= 400 ? call.getErrorStream() : call.getInputStream()) {
        return new Reply(status, in == null ? null : new com.fasterxml.jackson.databind.ObjectMapper().readTree(in));
      }
    } catch (java.io.IOException e) {
      throw new java.io.UncheckedIOException(e);
    }
  }

  /** A non-JSON resource (XML, metrics) with its status. */
  public ResponseEntity<String> getText(String path) {
    return http.get().uri(path).retrieve().toEntity(String.class);
  }

  /** A binary resource (an image). */
  public byte[] getBytes(String path) {
    return http.get().uri(path).retrieve().body(byte[].class);
  }

  /** A binary download (a zip, an image) with its status and headers. */
  public ResponseEntity<byte[]> getEntity(String path) {
    return http.get().uri(path).retrieve().toEntity(byte[].class);
  }

  /** A version's package as it is served, with status and headers. */
  public ResponseEntity<byte[]> download(long versionId) {
    return http.get().uri("/api/v1/versions/" + versionId + "/package").retrieve().toEntity(byte[].class);
  }

  /** The raw response, headers included. */
  public ResponseEntity<JsonNode> exchange(String path) {
    return http.get().uri(path).retrieve().toEntity(JsonNode.class);
  }

  public Reply delete(String path) {
    return reply(http.delete().uri(path).retrieve().toEntity(JsonNode.class));
  }

  public Reply put(String path, Object body) {
    return reply(http.put().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
        .toEntity(JsonNode.class));
  }

  public Reply patch(String path, Object body) {
    return reply(http.patch().uri(path).contentType(MediaType.APPLICATION_JSON).body(body).retrieve()
        .toEntity(JsonNode.class));
  }

  public Reply uploadLogo(long miniProgramId, byte[] image) {
    var parts = new LinkedMultiValueMap<String, Object>();
    parts.add("logo", new ByteArrayResource(image) {
      @Override
      public String getFilename() {
        return "logo.png";
      }
    });
    return reply(http.put().uri("/api/v1/mini-programs/{id}/logo", miniProgramId)
        .contentType(MediaType.MULTIPART_FORM_DATA).body(parts).retrieve().toEntity(JsonNode.class));
  }

  public Reply post(String path) {
    return reply(http.post().uri(path).retrieve().toEntity(JsonNode.class));
  }

  public Reply upload(long miniProgramId, String version, byte[] zip) {
    var parts = new LinkedMultiValueMap<String, Object>();
    parts.add("version", version);
    var headers = new HttpHeaders();
    headers.setContentType(MediaType.parseMediaType("application/zip"));
    parts.add("package", new org.springframework.http.HttpEntity<>(new ByteArrayResource(zip) {
      @Override
      public String getFilename() {
        return "package.zip";
      }
    }, headers));
    return reply(http.post().uri("/api/v1/mini-programs/{id}/versions", miniProgramId)
        .contentType(MediaType.MULTIPART_FORM_DATA).body(parts).retrieve().toEntity(JsonNode.class));
  }

  public long workspaceId() {
    return get("/api/v1/workspaces").body().get(0).get("id").asLong();
  }

  public long defaultTargetAppId(long workspaceId) {
    return get("/api/v1/workspaces/" + workspaceId + "/target-apps").body().get(0).get("id").asLong();
  }

  public Reply createMiniProgram(long workspaceId, String name) {
    return post("/api/v1/workspaces/" + workspaceId + "/mini-programs",
        Map.of("name", name, "description", "A mini program for tests", "category", "tools"));
  }

  private static Reply reply(ResponseEntity<JsonNode> entity) {
    return new Reply(entity.getStatusCode().value(), entity.getBody());
  }
}
