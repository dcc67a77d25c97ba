package dev.miniflow.monitor;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.processes.EditableVariables;
import dev.miniflow.processes.ProcessDefinitions;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Problems;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Fixing an incident the Operate way: change the variables of the instance that its process
 * declares editable ({@link EditableVariables}: never ids, keys or decisions) and retry. Only on an
 * instance with an open incident; every change is audited with its old and new value, and is in
 * the engine and in the audit trail together, each on its own (a later failure loses none before it).
 */
@Service
public class IncidentFixes {
  static final int MAX_CHANGES = 20;
  /** Old and new value both fit the audit entry's 4,000 characters. */
  static final int MAX_VALUE_CHARS = 1500;

  private final ProcessMonitor monitor;
  private final InstanceHistory history;
  private final ProcessDefinitions definitions;
  private final CamundaClient engine;
  private final AuditTrail audit;
  private final ObjectMapper json;
  private final TransactionTemplate tx;

  IncidentFixes(ProcessMonitor monitor, InstanceHistory history, ProcessDefinitions definitions, CamundaClient engine,
      AuditTrail audit, ObjectMapper json, TransactionTemplate tx) {
    this.tx = tx;
    this.monitor = monitor;
    this.history = history;
    this.definitions = definitions;
    this.engine = engine;
    this.audit = audit;
    this.json = json;
  }

  /** One change: a variable's new value (any JSON), in a scope of the instance (default: where it is, else the process). */
  public record Change(String name, JsonNode value, Long scopeKey) {}

  public record Changed(String name, long scopeKey, String oldValue, String newValue) {}

  public record Fixed(List<Changed> changes, int retried) {}

  /** The variables the instance's process lets an admin change. */
  public Set<String> editable(InstanceHistory.Instance instance) {
    return definitions.byKey(instance.processDefinitionKey()).map(d -> EditableVariables.of(d.model()))
        .orElse(Set.of());
  }

  public Fixed fix(long instanceKey, List<Change> changes, boolean retry) {
    InstanceHistory.Instance instance = monitor.instance(instanceKey);
    String user = CurrentUser.username();
    if (changes == null || changes.isEmpty() || changes.size() > MAX_CHANGES) {
      throw Problems.invalid("Change 1 to " + MAX_CHANGES + " variables.");
    }
    List<InstanceHistory.Incident> open = history.incidents(instanceKey).stream()
        .filter(i -> "ACTIVE".equals(i.state())).toList();
    if (open.isEmpty()) {
      throw Problems.conflict("Variables are changed here to fix an incident, and this instance has none open.");
    }
    Set<String> editable = editable(instance);
    List<InstanceHistory.Variable> variables = history.variables(instanceKey);
    // everything is checked before anything changes
    List<Changed> planned = new ArrayList<>();
    for (Change change : changes) {
      if (change == null || change.name() == null || !editable.contains(change.name())) {
        throw Problems.invalid("'" + (change == null ? null : change.name()) + "' is not editable here: this process"
            + " lets admins change " + (editable.isEmpty() ? "no variables" : String.join(", ", editable)) + ".");
      }
      String value = change.value() == null ? "null" : change.value().toString();
      if (value.length() > MAX_VALUE_CHARS) {
        throw Problems.invalid("The value of '" + change.name() + "' has " + value.length() + " characters; at most "
            + MAX_VALUE_CHARS + ".");
      }
      List<InstanceHistory.Variable> found = variables.stream().filter(v -> v.name().equals(change.name())).toList();
      long scope = scope(instanceKey, change, found);
      String old = found.stream().filter(v -> v.scopeKey() == scope).map(InstanceHistory.Variable::value).findFirst()
          .map(v -> v.length() > MAX_VALUE_CHARS ? v.substring(0, MAX_VALUE_CHARS) + "…" : v).orElse(null);
      planned.add(new Changed(change.name(), scope, old, value));
    }
    for (Changed change : planned) {
      // one transaction per change, its audit entry first: the engine's answer decides both
      tx.executeWithoutResult(status -> {
        audit.record(user, MonitorAudit.VARIABLE_CHANGED, instanceKey, instance.workspaceId(), change.name()
            + (change.scopeKey() == instanceKey ? "" : " (scope " + change.scopeKey() + ")") + ": "
            + (change.oldValue() == null ? "(not set)" : change.oldValue()) + " → " + change.newValue());
        Map<String, Object> variable = new HashMap<>();
        try {
          variable.put(change.name(), json.readValue(change.newValue(), Object.class));
          engine.newSetVariablesCommand(change.scopeKey()).variables(variable).local(true).send().join();
        } catch (ClientStatusException e) {
          throw Problems.unavailable("The workflow engine did not take the change of '" + change.name() + "'"
              + (planned.indexOf(change) > 0 ? " (the changes before it were made)" : "") + ". Please try again.");
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
          throw new IllegalStateException(e); // it was JSON a moment ago
        }
      });
    }
    int retried = 0;
    if (retry) {
      for (InstanceHistory.Incident incident : open) {
        monitor.retryAs(user, incident.key(), "after changing " + String.join(", ",
            planned.stream().map(Changed::name).toList()));
        retried++;
      }
    }
    return new Fixed(planned, retried);
  }

  /** Where the change goes: the scope asked for (one of the instance's), else where the variable is, else the process. */
  private static long scope(long instanceKey, Change change, List<InstanceHistory.Variable> found) {
    if (change.scopeKey() != null) {
      if (change.scopeKey() != instanceKey && found.stream().noneMatch(v -> v.scopeKey() == change.scopeKey())) {
        throw Problems.invalid("'" + change.name() + "' is not a variable of scope " + change.scopeKey()
            + " of this instance.");
      }
      return change.scopeKey();
    }
    if (found.stream().anyMatch(v -> v.scopeKey() == instanceKey) || found.isEmpty()) {
      return instanceKey;
    }
    if (found.size() > 1) {
      throw Problems.invalid("'" + change.name() + "' is set in " + found.size() + " scopes of this instance; say"
          + " which (scopeKey).");
    }
    return found.getFirst().scopeKey();
  }
}
