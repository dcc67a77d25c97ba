package dev.miniflow.tasklist;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.support.Problems;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * The fields of a Camunda Form (form-js JSON) that Miniflow renders and checks on the server, so
 * the browser and the API obey the same rules: required, length, allowed values.
 */
public record TaskForm(String id, List<Field> fields) {
  static final Set<String> INPUT_TYPES = Set.of("textfield", "textarea", "number", "radio", "select", "checkbox");

  public record Option(String value, String label) {}

  public record Field(String key, String type, String label, String description, boolean required,
      Integer minLength, Integer maxLength, List<Option> options) {}

  static TaskForm parse(String schema, ObjectMapper json) {
    try {
      JsonNode root = json.readTree(schema);
      List<Field> fields = new ArrayList<>();
      collect(root.path("components"), fields);
      return new TaskForm(root.path("id").asText(null), List.copyOf(fields));
    } catch (Exception e) {
      throw new IllegalStateException("The task's form cannot be read: " + e.getMessage(), e);
    }
  }

  private static void collect(JsonNode components, List<Field> fields) {
    for (JsonNode c : components) {
      String type = c.path("type").asText();
      if (INPUT_TYPES.contains(type) && c.hasNonNull("key")) {
        JsonNode validate = c.path("validate");
        List<Option> options = new ArrayList<>();
        c.path("values").forEach(v -> options.add(new Option(v.path("value").asText(), v.path("label").asText())));
        fields.add(new Field(c.get("key").asText(), type, c.path("label").asText(c.get("key").asText()),
            c.path("description").asText(null), validate.path("required").asBoolean(false),
            validate.hasNonNull("minLength") ? validate.get("minLength").asInt() : null,
            validate.hasNonNull("maxLength") ? validate.get("maxLength").asInt() : null, List.copyOf(options)));
      }
      if (c.has("components")) {
        collect(c.get("components"), fields);
      }
    }
  }

  /**
   * Checks submitted values against the form and returns them typed for the process. Anything not
   * on the form is refused, so a client cannot set other process variables.
   */
  Map<String, Object> check(Map<String, ?> submitted) {
    Map<String, Object> values = new LinkedHashMap<>();
    Set<String> known = new java.util.HashSet<>();
    for (Field field : fields) {
      known.add(field.key());
      Object raw = submitted.get(field.key());
      String text = raw == null ? "" : String.valueOf(raw).strip();
      if (field.type().equals("checkbox")) {
        values.put(field.key(), raw instanceof Boolean b ? b : Boolean.parseBoolean(text) || "on".equals(text));
        continue;
      }
      if (text.isEmpty()) {
        if (field.required()) {
          throw Problems.invalid("'" + field.label() + "' is required.");
        }
        continue;
      }
      if (field.maxLength() != null && text.length() > field.maxLength()) {
        throw Problems.invalid("'" + field.label() + "' must be at most " + field.maxLength() + " characters.");
      }
      if (field.minLength() != null && text.length() < field.minLength()) {
        throw Problems.invalid("'" + field.label() + "' must be at least " + field.minLength() + " characters.");
      }
      if (!field.options().isEmpty() && field.options().stream().noneMatch(o -> o.value().equals(text))) {
        throw Problems.invalid("'" + field.label() + "' must be one of "
            + field.options().stream().map(Option::value).toList() + ".");
      }
      if (field.type().equals("number")) {
        try {
          values.put(field.key(), new java.math.BigDecimal(text));
        } catch (NumberFormatException e) {
          throw Problems.invalid("'" + field.label() + "' must be a number.");
        }
      } else {
        values.put(field.key(), text);
      }
    }
    for (String key : submitted.keySet()) {
      if (!known.contains(key)) {
        throw Problems.invalid("'" + key + "' is not a field of this task's form.");
      }
    }
    return values;
  }
}
