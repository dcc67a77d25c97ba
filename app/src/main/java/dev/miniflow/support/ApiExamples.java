package dev.miniflow.support;

import io.swagger.v3.oas.models.OpenAPI;
import io.swagger.v3.oas.models.Operation;
import io.swagger.v3.oas.models.media.Content;
import io.swagger.v3.oas.models.media.MediaType;
import io.swagger.v3.oas.models.media.Schema;
import java.math.BigDecimal;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * An example for every JSON request body and JSON success answer of /v3/api-docs that has none, built
 * from its schema so it stays valid as the records change (Redocly's no-invalid-media-type-examples,
 * OpenApiLintTest): a schema's own example or default first, then the first enum value, then a value
 * for the format, else one that suits the property's name, within its length and range limits.
 */
final class ApiExamples {
  private static final String JSON = org.springframework.http.MediaType.APPLICATION_JSON_VALUE;
  private static final String SHA256 = "9f86d081884c7d659a2feaa0c55ad015a3bf4f1b2b0b822cd15d6c15b0f00a08";
  private static final String URL = "https://partner.example.com/miniflow";
  private static final Pattern PERSON =
      Pattern.compile(
          ".*(by|username|users|actor|assignee|author|owner|initiator|grantee|recipient|delegate|testers|admins)");
  private static final Pattern REMARK =
      Pattern.compile(".*(reason|comment|justification|note|evidence|rectification|body)");
  private static final String FORM = """
      {"id": "release-review", "type": "default", "schemaVersion": 18, "components": [{"id": "Field_decision", \
      "type": "radio", "key": "decision", "label": "Decision", "values": [{"label": "Approve", "value": "approve"}, \
      {"label": "Reject", "value": "reject"}]}]}""";
  /** Bodies the handler takes as raw text (to check a signature or a form-js schema) or as a map: no shape to build from. */
  private static final Map<String, Object> SHAPELESS = Map.of(
      "/api/v1/partner-callbacks/{targetAppId}",
      "{\"idempotencyKey\": \"release-42-production\", \"status\": \"LIVE\"}",
      "/api/v1/forms", FORM, "/api/v1/forms/validate", FORM, "/api/v1/forms/{formId}", FORM,
      "/api/v1/tasks/{id}/complete", formValues());

  private final Map<String, Schema> components;

  /** The values of the release review form, in its order. */
  private static Map<String, Object> formValues() {
    Map<String, Object> values = new LinkedHashMap<>();
    values.put("decision", "approve");
    values.put("comment", "Looks good");
    return values;
  }

  private ApiExamples(Map<String, Schema> components) {
    this.components = components;
  }

  static void fillIn(OpenAPI api) {
    if (api.getPaths() == null) {
      return;
    }
    var examples = new ApiExamples(api.getComponents() == null || api.getComponents().getSchemas() == null
        ? Map.of() : api.getComponents().getSchemas());
    api.getPaths()
        .forEach((path, item) -> item.readOperations().forEach(operation -> examples.fillIn(path, operation)));
  }

  private void fillIn(String path, Operation operation) {
    if (operation.getRequestBody() != null) {
      fillIn(path, operation.getRequestBody().getContent());
    }
    if (operation.getResponses() != null) {
      operation.getResponses().forEach((status, response) -> {
        if (status.startsWith("2")) {
          fillIn(path, response.getContent());
        }
      });
    }
  }

  private void fillIn(String path, Content content) {
    MediaType json = content == null ? null : content.get(JSON);
    if (json == null || json.getSchema() == null || json.getExample() != null
        || json.getExamples() != null && !json.getExamples().isEmpty()) {
      return;
    }
    Object example = shapeless(json.getSchema()) && SHAPELESS.containsKey(path) ? SHAPELESS.get(path)
        : example(json.getSchema(), "", new HashSet<>());
    if (example != null) {
      json.setExample(example);
    }
  }

  private static boolean shapeless(Schema<?> schema) {
    String type = type(schema);
    return type.equals("string") && schema.getFormat() == null && schema.getEnum() == null
        || type.equals("object") && schema.getProperties() == null;
  }

  /** An example of the schema, or null where there is none (a cycle back to a schema being built). */
  private Object example(Schema<?> schema, String name, Set<String> building) {
    if (schema.get$ref() != null) {
      String component = schema.get$ref().substring(schema.get$ref().lastIndexOf('/') + 1);
      Schema<?> target = components.get(component);
      if (target == null || !building.add(component)) {
        return null;
      }
      try {
        return example(target, name, building);
      } finally {
        building.remove(component);
      }
    }
    if (schema.getExample() != null) {
      return schema.getExample();
    }
    if (schema.getExamples() != null && !schema.getExamples().isEmpty()) {
      return schema.getExamples().getFirst();
    }
    if (schema.getDefault() != null) {
      return schema.getDefault();
    }
    if (schema.getEnum() != null && !schema.getEnum().isEmpty()) {
      return schema.getEnum().getFirst();
    }
    if (schema.getOneOf() != null && !schema.getOneOf().isEmpty()) {
      return example(schema.getOneOf().getFirst(), name, building);
    }
    if (schema.getAnyOf() != null && !schema.getAnyOf().isEmpty()) {
      return example(schema.getAnyOf().getFirst(), name, building);
    }
    if (schema.getAllOf() != null && !schema.getAllOf().isEmpty()) {
      Map<String, Object> merged = new LinkedHashMap<>();
      for (Schema<?> part : schema.getAllOf()) {
        if (example(part, name, building) instanceof Map<?, ?> members) {
          members.forEach((member, value) -> merged.put((String) member, value));
        }
      }
      return merged;
    }
    return switch (type(schema)) {
      case "object" -> object(schema, building);
      case "array" -> array(schema, name, building);
      case "integer" -> whole(schema, name);
      case "number" -> whole(schema, name).doubleValue();
      case "boolean" -> true;
      default -> text(schema, name); // strings, and {} (any JSON)
    };
  }

  /** The schema's type; OpenAPI 3.1 lists it among types (beside "null" when nullable). */
  private static String type(Schema<?> schema) {
    if (schema.getType() != null) {
      return schema.getType();
    }
    if (schema.getTypes() != null) {
      return schema.getTypes().stream().filter(type -> !type.equals("null")).findFirst().orElse("");
    }
    return schema.getProperties() != null ? "object" : schema.getItems() != null ? "array" : "";
  }

  private Map<String, Object> object(Schema<?> schema, Set<String> building) {
    Map<String, Object> example = new LinkedHashMap<>();
    if (schema.getProperties() != null) {
      schema.getProperties().forEach((property, member) -> {
        Object value = example(member, property, building);
        if (value != null) {
          example.put(property, value);
        }
      });
    } else if (schema.getAdditionalProperties() instanceof Schema<?> values) {
      Object value = example(values, "value", building);
      if (value != null) {
        example.put("key", value);
      }
    }
    return example;
  }

  private List<Object> array(Schema<?> schema, String name, Set<String> building) {
    List<Object> example = new ArrayList<>();
    Object item = schema.getItems() == null ? null : example(schema.getItems(), name, building);
    int count = Math.max(1, schema.getMinItems() == null ? 0 : schema.getMinItems());
    if (schema.getMaxItems() != null) {
      count = Math.min(count, schema.getMaxItems());
    }
    for (int i = 0; item != null && i < count; i++) {
      example.add(item);
    }
    return example;
  }

  private static Number whole(Schema<?> schema, String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    long value;
    if (lower.equals("id")) {
      value = 42;
    } else if (lower.startsWith("workspace")) {
      value = 7;
    } else if (lower.endsWith("key")) {
      value = 2251799813685249L; // the engine's keys are this large
    } else if (lower.endsWith("id") || lower.endsWith("ids") || lower.endsWith("of")) {
      value = 10 + Math.floorMod(lower.hashCode(), 90); // different ids for different things, the same each time
    } else if (lower.endsWith("status")) {
      value = 200;
    } else if (lower.endsWith("percent")) {
      value = 10;
    } else if (lower.endsWith("seconds")) {
      value = 3600;
    } else if (lower.endsWith("min")) {
      value = 1;
    } else if (lower.endsWith("max")) {
      value = 64;
    } else if (lower.endsWith("bytes")) {
      value = 1048576;
    } else {
      value = 3;
    }
    // OpenAPI 3.0 marks an exclusive bound by a flag beside it, 3.1 gives it as a value of its own
    value = within(value, schema.getMinimum(), Boolean.TRUE.equals(schema.getExclusiveMinimum())
        ? schema.getMinimum() : schema.getExclusiveMinimumValue(), 1);
    value = within(value, schema.getMaximum(), Boolean.TRUE.equals(schema.getExclusiveMaximum())
        ? schema.getMaximum() : schema.getExclusiveMaximumValue(), -1);
    return "int32".equals(schema.getFormat()) ? (Number) (int) value : (Number) value;
  }

  /** The value moved onto the bound's side: direction 1 for a minimum, -1 for a maximum. */
  private static long within(long value, BigDecimal bound, BigDecimal exclusiveBound, int direction) {
    if (bound != null && Long.compare(value, bound.longValue()) * direction < 0) {
      value = bound.longValue();
    }
    if (exclusiveBound != null && Long.compare(value, exclusiveBound.longValue()) * direction <= 0) {
      value = exclusiveBound.longValue() + direction;
    }
    return value;
  }

  private static String text(Schema<?> schema, String name) {
    String value = switch (schema.getFormat() == null ? "" : schema.getFormat()) {
      case "date-time" -> "2026-12-01T09:30:00Z";
      case "date" -> "2026-12-01";
      case "uuid" -> "3f2b8c1e-5d4a-4b7e-9c21-6a0f8e2d1b47";
      case "email" -> "dana@example.com";
      case "uri", "url" -> URL;
      case "uri-reference" -> "/api/v1/releases/42";
      case "byte" -> "UEsDBBQAAAAIAA==";
      default -> byName(name);
    };
    int min = schema.getMinLength() == null ? 0 : schema.getMinLength();
    if (value.length() < min) {
      value += "x".repeat(min - value.length());
    }
    if (schema.getMaxLength() != null && value.length() > schema.getMaxLength()) {
      value = value.substring(0, schema.getMaxLength());
    }
    // no general way to write a value for a pattern: rather none than a wrong one
    return schema.getPattern() == null || Pattern.compile(schema.getPattern()).matcher(value).find() ? value : null;
  }

  private static String byName(String name) {
    String lower = name.toLowerCase(Locale.ROOT);
    if (lower.endsWith("email")) {
      return "dana@example.com";
    } else if (lower.endsWith("sha256") || lower.endsWith("hash")) {
      return SHA256;
    } else if (lower.endsWith("url") || lower.endsWith("link")) {
      return URL;
    } else if (lower.equals("displayname")) {
      return "Dana Whitfield";
    } else if (PERSON.matcher(lower).matches()) {
      return "dana";
    } else if (lower.equals("name")) {
      return "Acme Travel";
    } else if (lower.equals("version")) {
      return "1.4.0";
    } else if (lower.endsWith("language")) {
      return "en";
    } else if (lower.endsWith("secret")) {
      return "whsec_3q8Jf0bN2xVt7LkR9sYw";
    } else if (lower.endsWith("description")) {
      return "Book trains and hotels in one place.";
    } else if (REMARK.matcher(lower).matches()) {
      return "The privacy policy link in the listing returns 404.";
    } else if (lower.endsWith("message") || lower.endsWith("error")) {
      return "Connection to partner.example.com timed out";
    }
    // its name in words: pendingStage -> "pending stage"
    return name.replaceAll("([a-z])([A-Z])", "$1 $2").toLowerCase(Locale.ROOT);
  }
}
