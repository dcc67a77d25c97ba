package dev.miniflow;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.testing.ApiClient;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.web.server.LocalServerPort;

/**
 * The API description Miniflow serves passes Redocly's recommended rules: every operation has a
 * summary, its security and its problem answers, and every JSON body an example valid against its schema. The CLI is the one pinned in src/test/openapi-lint,
 * installed by the build (npm ci), so this test downloads nothing.
 */
@EmbeddedMiniflowTest
class OpenApiLintTest {
  private static final Path LINTER = Path.of("src/test/openapi-lint/node_modules/@redocly/cli/bin/cli.js");
  private static final ObjectMapper JSON = new ObjectMapper();

  @LocalServerPort int port;

  record Problem(String severity, String rule, String message, String where) {
    @Override
    public String toString() {
      return severity + " " + rule + " at " + where + ": " + message;
    }
  }

  @Test
  void theApiDescriptionPassesRedoclysRecommendedRules() throws Exception {
    Path spec = Path.of("target/openapi.json");
    Files.writeString(spec, JSON.writerWithDefaultPrettyPrinter().writeValueAsString(apiDocs()));

    List<Problem> problems = lint(spec);
    problems.forEach(System.out::println);
    assertThat(problems).as("Redocly's findings on %s", spec).isEmpty();
  }

  @Test
  void everyJsonBodyHasAnExample() {
    JsonNode docs = apiDocs();
    List<String> bodies = new ArrayList<>();
    List<String> without = new ArrayList<>();
    docs.path("paths").properties().forEach(path -> path.getValue().properties().forEach(operation -> {
      String where = operation.getKey().toUpperCase() + " " + path.getKey();
      List<Map.Entry<String, JsonNode>> contents = new ArrayList<>();
      contents.add(Map.entry("request", operation.getValue().path("requestBody").path("content")));
      operation.getValue().path("responses").properties().stream().filter(answer -> answer.getKey().startsWith("2"))
          .forEach(answer -> contents.add(Map.entry(answer.getKey(), answer.getValue().path("content"))));
      for (var content : contents) {
        JsonNode json = content.getValue().path("application/json");
        if (!json.isMissingNode()) {
          bodies.add(where + " " + content.getKey());
          if (!json.has("example") && !json.has("examples")) {
            without.add(where + " " + content.getKey());
          }
        }
      }
    }));
    // the success answers are JSON, not */*: without that this test would check next to nothing
    assertThat(bodies).as("JSON bodies").hasSizeGreaterThan(150);
    assertThat(without).as("JSON bodies without an example").isEmpty();

    JsonNode release = docs.at("/paths/~1api~1v1~1releases~1{id}/get/responses/200/content/application~1json/example");
    List<String> statuses = new ArrayList<>();
    docs.at("/components/schemas/ReleaseView/properties/status/enum").forEach(status -> statuses.add(status.asText()));
    assertThat(release.path("id").asLong()).isEqualTo(42);
    assertThat(release.path("workspaceId").asLong()).isEqualTo(7);
    assertThat(release.path("status").asText()).isIn(statuses);
    assertThat(release.path("requestedAt").asText()).isEqualTo("2026-12-01T09:30:00Z");
    assertThat(release.path("bundleSha256").asText()).matches("[0-9a-f]{64}");
    // a request body within its limits: one role of the enum (1 to 6 of them), an address
    JsonNode invitation = docs.at(
        "/paths/~1api~1v1~1workspaces~1{workspaceId}~1invitations/post/requestBody/content/application~1json/example");
    assertThat(invitation.path("email").asText()).isEqualTo("dana@example.com");
    assertThat(invitation.path("roles")).hasSize(1);
    assertThat(invitation.path("roles").path(0).asText()).isEqualTo("ADMIN");
  }

  private JsonNode apiDocs() {
    var admin = new ApiClient("http://localhost:" + port, "admin", EmbeddedMiniflowTest.PASSWORD);
    ApiClient.Reply docs = admin.get("/v3/api-docs");
    assertThat(docs.status()).isEqualTo(200);
    return docs.body();
  }

  /** Every error and warning of {@code redocly lint --extends=recommended}. */
  private static List<Problem> lint(Path spec) throws IOException, InterruptedException {
    assertThat(LINTER).as("the Redocly CLI, installed by mvn (npm ci in src/test/openapi-lint)").exists();
    Path report = Path.of("target/openapi-lint.json");
    var process = new ProcessBuilder("node", LINTER.toString(), "lint", "--extends=recommended", "--format=json",
        "--max-problems=10000", spec.toString())
        .redirectOutput(report.toFile())
        .redirectError(ProcessBuilder.Redirect.INHERIT);
    // no telemetry, no update check: the test talks to nothing but the app
    process.environment().put("REDOCLY_TELEMETRY", "off");
    process.environment().put("REDOCLY_SUPPRESS_UPDATE_NOTICE", "true");
    Process lint = process.start();
    assertThat(lint.waitFor(2, TimeUnit.MINUTES)).as("the linter finished").isTrue();
    String output = Files.readString(report, StandardCharsets.UTF_8);
    // the JSON report follows any banner the CLI prints first
    JsonNode result = JSON.readTree(output.substring(output.indexOf('{')));
    List<Problem> problems = new ArrayList<>();
    for (JsonNode problem : result.path("problems")) {
      JsonNode location = problem.path("location").path(0);
      problems.add(new Problem(problem.path("severity").asText(), problem.path("ruleId").asText(),
          problem.path("message").asText(), location.path("pointer").asText()));
    }
    assertThat(lint.exitValue() == 0 || !problems.isEmpty()).as("the linter ran (exit %s): %s", lint.exitValue(),
        output).isTrue();
    return problems;
  }
}
