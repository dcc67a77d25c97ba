package dev.miniflow.tasklist;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.processes.FormCatalog;
import dev.miniflow.support.Problems;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

/**
 * What the process owning a task says about it: its business context (the feature's
 * {@link TaskContextProvider}), its form, and which values complete it.
 */
@Component
class TaskContexts {
  /** The decision fields Miniflow defines: all a task without a form accepts. */
  /**
   * Variables Miniflow's processes are keyed by: no completion may set them, whatever its form
   * declares, so a decision never moves a process onto another object.
   */
  static final Set<String> RESERVED = Set.of("releaseId", "releaseIds", "grantId", "removalId", "workspaceId",
      "requester", UserTaskJobs.VAR_BUSINESS_KEY, "subject", TaskResult.COMPLETED_BY, "approvers");

  private final FormCatalog forms;
  /** Looked up when used: providers may themselves depend on the task list (e.g. to cancel tasks). */
  private final ObjectProvider<TaskContextProvider> providers;
  private final ObjectMapper json;

  TaskContexts(FormCatalog forms, ObjectProvider<TaskContextProvider> providers, ObjectMapper json) {
    this.forms = forms;
    this.providers = providers;
    this.json = json;
  }

  Optional<TaskContextProvider> provider(String processId) {
    return providers.orderedStream().filter(c -> c.handles(processId)).findFirst();
  }

  Optional<TaskForm> form(UserTask task) {
    return Optional.ofNullable(task.formKey()).flatMap(forms::findById).map(f -> TaskForm.parse(f.schema(), json));
  }

  java.util.List<TaskContextProvider.Section> changesSince(UserTask task, String rejectedBusinessKey) {
    return provider(task.processId()).map(p -> p.changesSince(task, rejectedBusinessKey))
        .orElse(java.util.List.of());
  }

  Optional<TaskContextProvider.TaskContext> context(UserTask task) {
    return provider(task.processId()).map(p -> p.describe(task));
  }

  /**
   * The values a completion records: the submitted ones as the task's form (or, without one, the
   * decision fields) takes them, none of the reserved variables, and within the process's rules.
   */
  Map<String, Object> completion(UserTask task, Map<String, ?> submitted) {
    Map<String, Object> values = form(task).map(f -> f.check(submitted)).orElseGet(() -> decisionFields(submitted));
    values.keySet().stream().filter(RESERVED::contains).findFirst().ifPresent(key -> {
      throw Problems.invalid("'" + key + "' is set by Miniflow, not by a task's form.");
    });
    provider(task.processId()).ifPresent(p -> p.checkCompletion(task, values));
    return values;
  }

  /** A task without a form takes the decision and a comment, as text, and nothing else. */
  private static Map<String, Object> decisionFields(Map<String, ?> submitted) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (var entry : submitted.entrySet()) {
      if (!TaskResult.DECISION.equals(entry.getKey()) && !TaskResult.COMMENT.equals(entry.getKey())) {
        throw Problems
            .invalid("This task has no form: it takes only '" + TaskResult.DECISION + "' and '" + TaskResult.COMMENT
                + "', not '" + entry.getKey() + "'.");
      }
      if (entry.getValue() != null && !(entry.getValue() instanceof String)) {
        throw Problems.invalid("'" + entry.getKey() + "' must be text.");
      }
      if (entry.getValue() != null) {
        values.put(entry.getKey(), entry.getValue());
      }
    }
    return values;
  }
}
