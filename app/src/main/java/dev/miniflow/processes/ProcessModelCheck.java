package dev.miniflow.processes;

import io.camunda.zeebe.model.bpmn.Bpmn;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.BaseElement;
import io.camunda.zeebe.model.bpmn.instance.Process;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeUserTask;
import io.camunda.zeebe.model.bpmn.validation.zeebe.ZeebeDesignTimeValidators;
import java.io.ByteArrayInputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Locale;
import java.util.Set;
import java.util.function.Predicate;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;
import org.camunda.bpm.model.xml.validation.ValidationResultType;

/**
 * Checks a BPMN upload before it reaches the engine: it must parse with the Zeebe model, pass the
 * engine's design-time rules, name only job types Miniflow has workers for, and keep to the
 * deploy policy ({@link DeployPolicy}). Uploads are hostile: size is capped and DOCTYPEs (XXE,
 * entity bombs) are refused.
 */
final class ProcessModelCheck {
  static final int MAX_BYTES = 2 * 1024 * 1024;

  private ProcessModelCheck() {}

  record Result(BpmnModelInstance model, List<ModelProblem> problems) {
    boolean valid() {
      return problems.isEmpty();
    }
  }

  static Result check(String xml, Set<String> workerTypes, Map<String, Set<String>> restartPoints,
      Predicate<String> formExists) {
    List<ModelProblem> problems = new ArrayList<>();
    if (xml == null || xml.isBlank()) {
      return new Result(null, List.of(new ModelProblem(null, "The file is empty.")));
    }
    byte[] bytes = xml.getBytes(StandardCharsets.UTF_8);
    if (bytes.length > MAX_BYTES) {
      return new Result(null, List.of(new ModelProblem(null,
          "The file has " + bytes.length + " bytes; a process may have at most " + MAX_BYTES + ".")));
    }
    if (xml.toUpperCase(Locale.ROOT).contains("<!DOCTYPE") || xml.toUpperCase(Locale.ROOT).contains("<!ENTITY")) {
      return new Result(null,
          List.of(new ModelProblem(null, "DOCTYPE and entity declarations are not allowed in a BPMN file.")));
    }
    BpmnModelInstance model;
    try {
      model = Bpmn.readModelFromStream(new ByteArrayInputStream(bytes));
    } catch (RuntimeException e) {
      return new Result(null, List.of(new ModelProblem(null, "This is not a readable BPMN file: " + rootMessage(e))));
    }
    List<Process> processes =
        model.getModelElementsByType(Process.class).stream().filter(Process::isExecutable).toList();
    if (processes.isEmpty()) {
      problems.add(new ModelProblem(null, "The file has no executable process."));
    }
    model.validate(ZeebeDesignTimeValidators.VALIDATORS).getResults().forEach((element, results) -> results.stream()
        .filter(r -> r.getType() == ValidationResultType.ERROR)
        .forEach(r -> problems.add(new ModelProblem(idOf(element), r.getMessage()))));
    for (ZeebeTaskDefinition task : model.getModelElementsByType(ZeebeTaskDefinition.class)) {
      String type = task.getType();
      if (type != null && !type.startsWith("=") && !workerTypes.contains(type)) {
        problems.add(new ModelProblem(idOf(task), "No Miniflow worker handles the job type '" + type
            + "'. Known types: " + String.join(", ", workerTypes) + "."));
      }
    }
    for (UserTask task : model.getModelElementsByType(UserTask.class)) {
      if (task.getSingleExtensionElement(ZeebeUserTask.class) != null) {
        problems.add(new ModelProblem(task.getId(), "Miniflow runs user tasks itself: remove the Camunda user task"
            + " implementation (zeebe:userTask) so the task becomes a job-worker user task."));
      }
    }
    if (processes.size() == 1) {
      String id = ProcessVariants.kindOf(processes.getFirst().getId()); // a variant is held to its platform process
      problems.addAll(DeployPolicy.check(model, id, PlatformProcesses.all().get(id), workerTypes,
          restartPoints.getOrDefault(id, Set.of()), formExists));
    }
    return new Result(model, List.copyOf(problems));
  }

  /** The id of the element a problem is about: the element itself, or the nearest one around it that has an id. */
  static String idOf(ModelElementInstance element) {
    for (ModelElementInstance e = element; e != null; e = e.getParentElement()) {
      if (e instanceof BaseElement base && base.getId() != null) {
        return base.getId();
      }
    }
    return null;
  }

  private static String rootMessage(Throwable e) {
    Throwable root = e;
    while (root.getCause() != null && root.getCause() != root) {
      root = root.getCause();
    }
    String message = root.getMessage() == null ? root.getClass().getSimpleName() : root.getMessage();
    return message.length() > 300 ? message.substring(0, 300) + "…" : message;
  }
}
