package dev.miniflow.processes;

import dev.miniflow.workspace.Role;
import io.camunda.zeebe.model.bpmn.BpmnModelInstance;
import io.camunda.zeebe.model.bpmn.instance.FlowElement;
import io.camunda.zeebe.model.bpmn.instance.FlowNode;
import io.camunda.zeebe.model.bpmn.instance.MessageEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.SignalEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.StartEvent;
import io.camunda.zeebe.model.bpmn.instance.TimerEventDefinition;
import io.camunda.zeebe.model.bpmn.instance.UserTask;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeAssignmentDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeFormDefinition;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeLoopCharacteristics;
import io.camunda.zeebe.model.bpmn.instance.zeebe.ZeebeTaskDefinition;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Predicate;
import java.util.stream.Collectors;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

/**
 * What a deployed process may do, checked against the platform default of its kind (the file
 * under {@code bpmn/} with the same process id). Process owners write the models and the engine
 * is no trust boundary, so a model gets no way to act beyond its own process: it uses only the
 * job types of its kind, starts only as the default starts, routes every human step through a
 * deployed form to a workspace role, fans out only over the collections Miniflow starts it with,
 * and keeps what Miniflow's code relies on.
 */
final class DeployPolicy {
  static final int MAX_ELEMENTS = 500;
  static final Duration SHORTEST_TIMER = Duration.ofMinutes(1);
  static final String USER_TASK_JOB = "io.camunda.zeebe:userTask";
  private DeployPolicy() {}

  /**
   * @param model the uploaded process (one executable process)
   * @param platformDefault the shipped default of the same process id, or null if there is none
   * @param restartPoints the elements recovery starts this process at ({@link RestartPoints})
   */
  static List<ModelProblem> check(BpmnModelInstance model, String processId, BpmnModelInstance platformDefault,
      Set<String> workerTypes, Set<String> restartPoints, Predicate<String> formExists) {
    List<ModelProblem> problems = new ArrayList<>();
    if (platformDefault == null) {
      problems.add(new ModelProblem(processId, "Miniflow starts only its own processes (" + String.join(", ",
          new TreeSet<>(PlatformProcesses.all().keySet())) + "); a process '" + processId
          + "' would never run for a request. Edit one of those instead (keep its process id)."));
      return problems;
    }
    int elements = model.getModelElementsByType(FlowElement.class).size();
    if (elements > MAX_ELEMENTS) {
      problems.add(new ModelProblem(processId, "The process has " + elements + " elements; at most " + MAX_ELEMENTS
          + " are allowed."));
    }
    jobTypes(model, platformDefault, workerTypes, problems);
    startEvents(model, platformDefault, problems);
    userTasks(model, platformDefault, formExists, problems);
    loops(model, platformDefault, problems);
    timers(model, problems);
    kept(model, processId, platformDefault, restartPoints, problems);
    return problems;
  }

  /** Only the job types of the process's own kind (the prefix of the default's types), never an expression. */
  private static void jobTypes(BpmnModelInstance model, BpmnModelInstance platformDefault, Set<String> workerTypes,
      List<ModelProblem> problems) {
    Set<String> kinds = jobTypesOf(platformDefault).stream().filter(t -> !t.equals(USER_TASK_JOB))
        .map(t -> t.substring(0, t.indexOf('.') + 1)).collect(Collectors.toCollection(TreeSet::new));
    for (ZeebeTaskDefinition task : model.getModelElementsByType(ZeebeTaskDefinition.class)) {
      String type = task.getType();
      if (type == null || type.startsWith("=")) {
        problems
            .add(new ModelProblem(ProcessModelCheck.idOf(task), "A job type must be written out, not computed ('" + type
                + "'): which worker runs a step is not for the process to choose at run time."));
      } else if (workerTypes.contains(type) && kinds.stream().noneMatch(type::startsWith)) {
        problems.add(new ModelProblem(ProcessModelCheck.idOf(task),
            "'" + type + "' is a step of another kind of process; this one may"
                + " use only " + kinds.stream().map(k -> k + "*").collect(Collectors.joining(", ")) + "."));
      }
    }
  }

  /** Starts only as the default starts: no timer, message or signal start events of its own. */
  private static void startEvents(BpmnModelInstance model, BpmnModelInstance platformDefault,
      List<ModelProblem> problems) {
    Set<String> allowed = startsOf(platformDefault);
    for (StartEvent start : model.getModelElementsByType(StartEvent.class)) {
      String kind = startKind(start);
      if (!allowed.contains(kind)) {
        problems.add(new ModelProblem(start.getId(), "This start event (" + kind + ") is not one the platform's "
            + "process has (" + String.join(", ", allowed) + "): a process starts when Miniflow starts it."));
      }
    }
  }

  /** Every human step shows a deployed form and is offered to workspace roles (or the default's candidates). */
  private static void userTasks(BpmnModelInstance model, BpmnModelInstance platformDefault,
      Predicate<String> formExists,
      List<ModelProblem> problems) {
    Set<String> defaultUsers = platformDefault.getModelElementsByType(ZeebeAssignmentDefinition.class).stream()
        .map(ZeebeAssignmentDefinition::getCandidateUsers).filter(u -> u != null && !u.isBlank())
        .collect(Collectors.toSet());
    Set<String> groups =
        java.util.Arrays.stream(Role.values()).map(Role::group).collect(Collectors.toCollection(TreeSet::new));
    for (UserTask task : model.getModelElementsByType(UserTask.class)) {
      ZeebeFormDefinition form = task.getSingleExtensionElement(ZeebeFormDefinition.class);
      if (form == null || form.getFormId() == null || form.getFormId().isBlank()) {
        problems.add(new ModelProblem(task.getId(), "Link a deployed form (form id): a task without one would take"
            + " no checked decision."));
      } else if (!formExists.test(form.getFormId())) {
        problems.add(new ModelProblem(task.getId(), "The form '" + form.getFormId() + "' is not deployed."));
      }
      ZeebeAssignmentDefinition assignment = task.getSingleExtensionElement(ZeebeAssignmentDefinition.class);
      List<String> candidates = assignment == null || assignment.getCandidateGroups() == null ? List.of()
          : List.of(assignment.getCandidateGroups().split("\\s*,\\s*"));
      if (candidates.isEmpty() || candidates.stream().anyMatch(g -> g.isBlank() || !groups.contains(g))) {
        problems.add(new ModelProblem(task.getId(), "Candidate groups must be workspace roles, written out ("
            + String.join(", ", groups) + "); found '" + (assignment == null ? "" : assignment.getCandidateGroups())
            + "'."));
      }
      String users = assignment == null ? null : assignment.getCandidateUsers();
      if (users != null && !users.isBlank() && !defaultUsers.contains(users)) {
        problems.add(new ModelProblem(task.getId(), "Candidate users '" + users + "' are not ones Miniflow gives this"
            + " process" + (defaultUsers.isEmpty() ? "" : " (" + String.join(", ", defaultUsers) + ")") + "."));
      }
      if (assignment != null && assignment.getAssignee() != null && !assignment.getAssignee().isBlank()) {
        problems.add(new ModelProblem(task.getId(), "A task is claimed by a person in the task list; the process does"
            + " not assign it."));
      }
    }
  }

  /** A multi-instance runs only over a collection Miniflow started the instance with. */
  private static void loops(BpmnModelInstance model, BpmnModelInstance platformDefault, List<ModelProblem> problems) {
    Set<String> allowed = platformDefault.getModelElementsByType(ZeebeLoopCharacteristics.class).stream()
        .map(ZeebeLoopCharacteristics::getInputCollection).collect(Collectors.toSet());
    for (ZeebeLoopCharacteristics loop : model.getModelElementsByType(ZeebeLoopCharacteristics.class)) {
      if (!allowed.contains(loop.getInputCollection())) {
        problems.add(new ModelProblem(ProcessModelCheck.idOf(loop),
            "A multi-instance may run only over " + (allowed.isEmpty()
                ? "nothing in this process" : String.join(", ", allowed)) + ", not '" + loop.getInputCollection()
                + "'."));
      }
    }
  }

  /** Written-out timers wait at least a minute (expressions are computed from Miniflow's variables). */
  private static void timers(BpmnModelInstance model, List<ModelProblem> problems) {
    for (TimerEventDefinition timer : model.getModelElementsByType(TimerEventDefinition.class)) {
      String text = timer.getTimeDuration() != null ? textOf(timer.getTimeDuration())
          : timer.getTimeCycle() != null ? cyclePeriod(textOf(timer.getTimeCycle())) : null;
      if (text == null || text.startsWith("=")) {
        continue;
      }
      try {
        Duration duration = Duration.parse(text);
        if (duration.compareTo(SHORTEST_TIMER) < 0) {
          problems.add(
              new ModelProblem(ProcessModelCheck.idOf(timer), "A timer waits at least " + SHORTEST_TIMER.toMinutes()
                  + " minute; '" + text + "' is shorter."));
        }
      } catch (DateTimeParseException e) {
        // periods in days or months (P1D, P1M) are long enough; the engine's own validation reads the rest
      }
    }
  }

  /** A variant keeps every step of the default (the review, the decision, the publish, …) and its restart points. */
  private static void kept(BpmnModelInstance model, String processId, BpmnModelInstance platformDefault,
      Set<String> restartPoints, List<ModelProblem> problems) {
    Set<String> types = jobTypesOf(model);
    for (String type : jobTypesOf(platformDefault)) {
      if (!types.contains(type)) {
        problems.add(new ModelProblem(processId, "The platform's process has a step of type '" + type
            + "'; Miniflow relies on it, so keep it."));
      }
    }
    for (String id : restartPoints) {
      ModelElementInstance element = model.getModelElementById(id);
      if (!(element instanceof FlowNode)) {
        problems.add(new ModelProblem(processId, "Keep the element '" + id + "': Miniflow restarts this process there"
            + " after an engine restart."));
      }
    }
  }

  private static Set<String> jobTypesOf(BpmnModelInstance model) {
    Set<String> types = new TreeSet<>();
    model.getModelElementsByType(ZeebeTaskDefinition.class).forEach(t -> types.add(t.getType()));
    if (!model.getModelElementsByType(UserTask.class).isEmpty()) {
      types.add(USER_TASK_JOB);
    }
    return types;
  }

  private static Set<String> startsOf(BpmnModelInstance model) {
    return model.getModelElementsByType(StartEvent.class).stream().map(DeployPolicy::startKind)
        .collect(Collectors.toCollection(TreeSet::new));
  }

  private static String startKind(StartEvent start) {
    var definitions = start.getEventDefinitions();
    if (definitions.isEmpty()) {
      return "none";
    }
    var definition = definitions.iterator().next();
    return switch (definition) {
      case MessageEventDefinition m -> "message " + (m.getMessage() == null ? "?" : m.getMessage().getName());
      case SignalEventDefinition s -> "signal " + (s.getSignal() == null ? "?" : s.getSignal().getName());
      case TimerEventDefinition t -> "timer";
      default -> definition.getElementType().getTypeName();
    };
  }

  private static String textOf(ModelElementInstance expression) {
    return expression.getTextContent() == null ? null : expression.getTextContent().strip();
  }

  /** The period of an ISO repetition ("R5/PT10S" → "PT10S"). */
  private static String cyclePeriod(String cycle) {
    if (cycle == null || cycle.startsWith("=")) {
      return cycle;
    }
    String[] parts = cycle.split("/");
    return parts[parts.length - 1];
  }
}
