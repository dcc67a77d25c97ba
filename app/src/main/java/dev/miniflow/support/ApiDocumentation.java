package dev.miniflow.support;

import io.swagger.v3.oas.models.Components;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.PathItem;
import io.swagger.v3.oas.models.info.Info;
import io.swagger.v3.oas.models.info.License;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.IntegerSchema;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.ObjectSchema;
import io.swagger.v3.oas.models.media.Schema;
import io.swagger.v3.oas.models.media.StringSchema;
import io.swagger.v3.oas.models.responses.ApiResponse;
import io.swagger.v3.oas.models.responses.ApiResponses;
import io.swagger.v3.oas.models.security.SecurityRequirement;
import io.swagger.v3.oas.models.security.SecurityScheme;
import io.swagger.v3.oas.models.servers.Server;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springdoc.core.customizers.OpenApiCustomizer;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.http.HttpMethod;

/**
 * What /v3/api-docs says beyond the handlers' own Javadoc: how to authenticate (Basic or an access
 * token, none on the public calls of {@link SecurityConfig}), and the RFC 9457 problems each call
 * can answer with, whose types are explained at /problems/{name} ({@link ProblemTypes}), and an
 * example of every JSON body ({@link ApiExamples}).
 * OpenApiLintTest holds the result to Redocly's recommended rules.
 */
@Configuration
class ApiDocumentation {
  static final String PROBLEM_JSON = org.springframework.http.MediaType.APPLICATION_PROBLEM_JSON_VALUE;

  /** A problem answer every kind of call may get: its status, component name and an example. */
  private record Answer(String status, String component, ProblemTypes.Type type, String detail) {}

  private static final Answer INVALID = new Answer("400", "InvalidRequest", ProblemTypes.INVALID_REQUEST,
      "Field 'reason': size must be between 0 and 2000");
  private static final Answer UNAUTHORIZED = new Answer("401", "Unauthorized", ProblemTypes.UNAUTHORIZED,
      "Log in with HTTP Basic credentials to use the API.");
  private static final Answer FORBIDDEN = new Answer("403", "Forbidden", ProblemTypes.FORBIDDEN,
      "This needs one of the roles [ADMIN] in the workspace.");
  private static final Answer NOT_FOUND = new Answer("404", "NotFound", ProblemTypes.NOT_FOUND,
      "Release 42 was not found.");
  private static final Answer CONFLICT = new Answer("409", "Conflict", ProblemTypes.CONFLICT,
      "This workspace is archived and read-only; a platform admin can restore it.");
  private static final Answer GONE = new Answer("410", "Gone", ProblemTypes.INVITATION_EXPIRED,
      "This invitation has expired: ask the workspace admin for a new one.");
  private static final Answer TOO_LARGE = new Answer("413", "PayloadTooLarge", ProblemTypes.PAYLOAD_TOO_LARGE,
      "The request body is larger than the 256 KB this call accepts.");
  private static final Answer TOO_MANY = new Answer("429", "TooManyRequests", ProblemTypes.TOO_MANY_REQUESTS,
      "Too many failed logins: try again in 15 minutes.");
  private static final Answer UNAVAILABLE = new Answer("503", "Unavailable", ProblemTypes.UNAVAILABLE,
      DatabaseOutage.DETAIL);
  private static final List<Answer> ANSWERS =
      List.of(INVALID, UNAUTHORIZED, FORBIDDEN, NOT_FOUND, CONFLICT, GONE, TOO_LARGE, TOO_MANY, UNAVAILABLE);

  @Bean
  OpenApiCustomizer miniflowApiDocumentation() {
    return api -> {
      api.info(new Info().title("Miniflow API").version("v1")
          .description("""
              The approval service for the lifecycle of mini programs: uploads, releases, reviews, \
              removals, access and the workflow engine behind them. Call it with HTTP Basic or with an \
              access token (`Authorization: Bearer mfp_…` personal, `mfs_…` workspace service token); \
              who may do what is decided by the caller's roles in the workspace, as each operation \
              says. Failures are RFC 9457 problem details (`application/problem+json`) whose `type` \
              is explained at `/problems/{name}`.""")
          // Miniflow's own code has no licence yet (README, "Licences"): all rights stay with its authors
          .license(new License().name("Proprietary: no licence chosen yet, all rights reserved")
              .url("https://choosealicense.com/no-permission/")));
      // the same host that serves this description, wherever Miniflow is deployed
      api.servers(List.of(new Server().url("/").description("This Miniflow")));
      Components components = api.getComponents() == null ? new Components() : api.getComponents();
      api.components(components);
      components.addSecuritySchemes("basicAuth", new SecurityScheme().type(SecurityScheme.Type.HTTP)
          .scheme("basic").description("A person's username and password; no session is kept."));
      components.addSecuritySchemes("bearerToken", new SecurityScheme().type(SecurityScheme.Type.HTTP)
          .scheme("bearer").bearerFormat("Miniflow access token mfp_/mfs_")
          .description("A personal (mfp_…) or workspace service (mfs_…) access token; its scopes limit the calls."));
      api.security(List.of(new SecurityRequirement().addList("basicAuth"),
          new SecurityRequirement().addList("bearerToken")));
      components.addSchemas("Problem", problemSchema());
      ANSWERS.forEach(answer -> components.addResponses(answer.component(), response(answer)));
      if (api.getPaths() != null) {
        api.getPaths().forEach((path, item) -> item.readOperationsMap()
            .forEach((method, operation) -> document(path, method, operation)));
      }
      ApiExamples.fillIn(api);
    };
  }

  private static void document(String path, PathItem.HttpMethod method, Operation operation) {
    // /api/v1/invitations/{token} as the security rules see a request for it: /api/v1/invitations/x
    boolean open = SecurityConfig.isPublic(HttpMethod.valueOf(method.name()), path.replaceAll("\\{[^}]+}", "x"));
    if (open) {
      operation.setSecurity(new ArrayList<>()); // security: [] (no credentials needed)
    }
    boolean changes = method != PathItem.HttpMethod.GET && method != PathItem.HttpMethod.HEAD;
    List<Answer> answers = new ArrayList<>();
    if (operation.getRequestBody() != null || operation.getParameters() != null
        && !operation.getParameters().isEmpty()) {
      answers.add(INVALID);
    }
    // partners authenticate by signature: a wrong one is a 401 too
    if (!open || path.startsWith("/api/v1/partner-callbacks/")) {
      answers.add(UNAUTHORIZED);
    }
    if (!open || path.startsWith("/api/v1/preview-codes/")) {
      answers.add(FORBIDDEN);
    }
    if (path.contains("{") || path.startsWith("/api/v1/preview-codes/")) {
      answers.add(NOT_FOUND);
    }
    if (changes) {
      answers.add(CONFLICT);
    }
    if (path.startsWith("/api/v1/invitations/") || path.startsWith("/api/v1/preview-codes/")) {
      answers.add(GONE);
    }
    if (operation.getRequestBody() != null) {
      answers.add(TOO_LARGE);
    }
    answers.add(TOO_MANY);
    answers.add(UNAVAILABLE);
    ApiResponses responses = operation.getResponses() == null ? new ApiResponses() : operation.getResponses();
    operation.setResponses(responses);
    for (Answer answer : answers) {
      responses.computeIfAbsent(answer.status(),
          status -> new ApiResponse().$ref("#/components/responses/" + answer.component()));
    }
  }

  private static ApiResponse response(Answer answer) {
    Map<String, Object> example = new LinkedHashMap<>();
    example.put("type", answer.type().uri());
    example.put("title", answer.type().title());
    example.put("status", Integer.valueOf(answer.status()));
    example.put("detail", answer.detail());
    example.put("instance", "/api/v1/releases/42");
    return new ApiResponse().description(answer.type().title() + ": " + answer.type().summary())
        .content(new Content().addMediaType(PROBLEM_JSON,
            new MediaType().schema(new Schema<>().$ref("#/components/schemas/Problem")).example(example)));
  }

  private static Schema<?> problemSchema() {
    return new ObjectSchema()
        .description("An RFC 9457 problem detail; some problems add members of their own (such as `problems`).")
        .addProperty("type", new StringSchema().format("uri-reference")
            .description("What kind of problem: a page at /problems/{name} explains it."))
        .addProperty("title", new StringSchema().description("The kind of problem, in a few words."))
        .addProperty("status", new IntegerSchema().format("int32").description("The HTTP status."))
        .addProperty("detail", new StringSchema().description("What went wrong this time, for a person to read."))
        .addProperty("instance", new StringSchema().format("uri-reference")
            .description("The request path that failed."))
        .required(List.of("type", "title", "status"));
  }

}
