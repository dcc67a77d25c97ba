package dev.miniflow.processes;

import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.ConditionExpression;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeProperties;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeProperty;
import java.util.Arrays;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.modulith.NamedInterface;

/**
 * The variables a process lets an admin change to fix an incident, as its model declares them:
 * {@code <zeebe:property name="miniflow:editable-variables" value="a, b" />} on the process.
 * Names that carry identity, an object or a decision are never editable, whatever a model says
 * (workers read those from their own rows, and a changed one would only mislead), nor are those a
 * gateway's condition reads (they route the instance).
 */
@NamedInterface("api")
public final class EditableVariables {
  public static final String PROPERTY = "miniflow:editable-variables";
  private static final Pattern IDENTIFYING = Pattern.compile("(?i).*(id|ids|key|keys|by)$");
  private static final Pattern WORD = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
  private static final Set<String> DECISIONS = Set.of("decision", "comment", "completedBy", "requester", "approved",
      "rejectionReasons", "rechecks", "recheckOf", "workspace", "released");

  private EditableVariables() {}

  /** The names the process of this model declares editable, less those never editable. */
  public static Set<String> of(BpmnModelInstance model) {
    Set<String> names = new TreeSet<>();
    // a variable a gateway decides on routes the instance: changing it could skip a step or a review
    Set<String> routing = new TreeSet<>();
    for (ConditionExpression condition : model.getModelElementsByType(ConditionExpression.class)) {
      Matcher words = WORD.matcher(condition.getTextContent() == null ? "" : condition.getTextContent());
      while (words.find()) {
        routing.add(words.group());
      }
    }
    for (Process process : model.getModelElementsByType(Process.class)) {
      var extensions = process.getExtensionElements();
      if (extensions == null) {
        continue;
      }
      for (ZeebeProperties properties : extensions.getElementsQuery().filterByType(ZeebeProperties.class).list()) {
        for (ZeebeProperty property : properties.getProperties()) {
          if (PROPERTY.equals(property.getName()) && property.getValue() != null) {
            Arrays.stream(property.getValue().split(",")).map(String::strip).filter(n -> !n.isEmpty())
                .filter(EditableVariables::mayBeEdited).filter(n -> !routing.contains(n)).forEach(names::add);
          }
        }
      }
    }
    return names;
  }

  /** Whether a variable of this name may ever be edited (not an id, key, actor or decision). */
  public static boolean mayBeEdited(String name) {
    return !IDENTIFYING.matcher(name).matches() && !DECISIONS.contains(name);
  }
}
