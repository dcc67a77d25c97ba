package dev.miniflow.tasklist;

import org.springframework.modulith.NamedInterface;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.engine.EngineStartedEmpty;
import dev.miniflow.engine.ProcessInstanceCanceled;
import dev.miniflow.engine.StepRefused;
import dev.miniflow.processes.ProcessVariants;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.tasklist.delegation.OutOfOffice;
import dev.miniflow.tasklist.sla.TaskSchedules;
import io.camunda.client.api.response.ActivatedJob;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.Function;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * The engine's side of the task list: a user task job becomes a task here, and the process steps
 * of the features that own the processes take the decision made in it or close its tasks. For
 * workers, steps and engine events only; people act through {@link TaskActions}.
 */
@Service
@NamedInterface("api")
public class TaskIntake {
  private final UserTaskStore store;
  private final UserTaskJobs jobs;
  private final TaskContexts contexts;
  private final TaskAudience audience;
  private final AuditTrail audit;
  private final ObjectMapper json;
  private final OutOfOffice outOfOffice;
  private final TaskSchedules schedules;

  TaskIntake(UserTaskStore store, UserTaskJobs jobs, TaskContexts contexts, TaskAudience audience, AuditTrail audit,
      ObjectMapper json, OutOfOffice outOfOffice, TaskSchedules schedules) {
    this.schedules = schedules;
    this.outOfOffice = outOfOffice;
    this.store = store;
    this.jobs = jobs;
    this.contexts = contexts;
    this.audience = audience;
    this.audit = audit;
    this.json = json;
  }

  /**
   * Records a user task job; a second delivery of the same job changes nothing. The task's
   * workspace, subject and requester come from the business object bound to the job's process
   * instance (the model's variables only choose among those objects): a job of a process no
   * feature owns, or about no object of its instance, is refused.
   */
  @Transactional
  void open(ActivatedJob job) {
    String businessKey = truncate(stringOrNull(job.getVariablesAsMap().get(UserTaskJobs.VAR_BUSINESS_KEY)), 64);
    // a workspace's variant is of the same kind as the platform process: its tasks are that process's tasks
    String processId = ProcessVariants.kindOf(job.getBpmnProcessId());
    TaskContextProvider provider = contexts.provider(processId)
        .orElseThrow(() -> new StepRefused("No Miniflow process '" + job.getBpmnProcessId() + "' has human tasks",
            null, "process-instance", job.getProcessInstanceKey()));
    TaskContextProvider.Binding bound = provider.bind(job.getProcessInstanceKey(), businessKey)
        .orElseThrow(() -> new StepRefused("User task " + job.getElementId() + " is about "
            + (businessKey == null ? "nothing" : "'" + businessKey + "'")
            + " that this process instance runs and that waits for a human step", null, "process-instance",
            job.getProcessInstanceKey()));
    long workspaceId = bound.workspaceId();
    List<String> excluded = new ArrayList<>(new TreeSet<>(bound.excluded()));
    UserTaskJobs.Declared step = jobs.declared(job);
    Optional<UserTask> created = store.insertOnce(job.getKey(), job.getProcessInstanceKey(), processId,
        job.getElementId(), step.name(), workspaceId, bound.businessKey(), truncate(bound.subject(), 256),
        bound.about(), bound.requester(), excluded, step.candidateGroups(), step.candidateUsers(),
        excluded.contains(step.assignee()) ? null : step.assignee(), step.formKey(), step.dueAt(),
        job.getProcessDefinitionKey(), step.priority());
    if (created.isPresent()) {
      UserTask task = created.get();
      TaskContextProvider.About about = bound.about();
      boolean changed = false;
      if (about == null) {
        about = provider.about(task);
        store.describe(task.id(), about);
        changed = true;
      }
      // a step whose model sets no due date gets the workspace's (models that time a step, like the
      // release review, take theirs from the same SLA)
      if (step.dueAt() == null) {
        var sla = schedules.configured(workspaceId, processId, job.getElementId(), about.targetApp());
        if (sla.isPresent()) {
          store.setDue(task.id(), task.createdAt().plus(sla.get().dueWithin()));
          changed = true;
        }
      }
      audit.record(AuditTrail.SYSTEM, TaskAudit.CREATED, task.id(), workspaceId,
          step.name() + " for " + job.getCustomHeaders().getOrDefault(UserTaskJobs.HEADER_CANDIDATE_GROUPS, "[]"));
      audience.tellCandidates(outOfOffice.offerToDelegates(changed ? store.find(task.id()).orElseThrow() : task));
    }
  }

  /** A human decision taken in a completed task: what was decided, the comment, and who decided. */
  @NamedInterface("api")
  public record Decision(String decision, String comment, String decidedBy, long taskId) {}

  /**
   * The decision of the latest completed task of this process instance about the object, taken
   * over once (a second call finds nothing), and one of the choices the step knows. Decision steps
   * read it here, never from variables. Joins the step's transaction, so the decision is only used
   * up if the step commits.
   *
   * @param refuse makes the step's refusal (about its own object) from the reason
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public Decision takeDecision(String processId, long processInstanceKey, String businessKey, Set<String> choices,
      Function<String, StepRefused> refuse) {
    UserTask task = store.takeDecision(processId, processInstanceKey, businessKey)
        .orElseThrow(() -> refuse.apply("no completed review task of this instance decided " + processId + " "
            + businessKey));
    Map<String, Object> outcome = outcome(task);
    String decision = stringOrNull(outcome.get(TaskResult.DECISION));
    if (!choices.contains(decision)) {
      throw refuse.apply("review task " + task.id() + " has no decision (" + String.join(" or ", new TreeSet<>(choices))
          + ")");
    }
    return new Decision(decision, stringOrNull(outcome.get(TaskResult.COMMENT)), task.completedBy(), task.id());
  }

  /**
   * Makes the open tasks about a business object more urgent (its feature decided it, an expedited
   * review say): at least this priority, due no later than {@code dueBy}.
   */
  @Transactional
  public void hurry(String processId, String businessKey, int priority, java.time.Instant dueBy) {
    for (UserTask task : store.openAboutProcess(processId, businessKey)) {
      store.hurry(task.id(), priority, dueBy);
      audit.record(AuditTrail.SYSTEM, TaskAudit.EXPEDITED, task.id(), task.workspaceId(),
          task.name() + ": priority " + Math.max(priority, task.priority()) + ", due by " + dueBy);
    }
  }

  /** Marks the open tasks about a business object as canceled, e.g. when its request was withdrawn. */
  @Transactional
  public void cancelOpenTasks(String processId, String businessKey) {
    for (UserTask task : store.openAbout(processId, businessKey)) {
      store.cancel(task.id());
      audit.record(AuditTrail.SYSTEM, TaskAudit.CANCELED, task.id(), task.workspaceId(), task.name());
    }
  }

  /**
   * The embedded engine restarted empty: the jobs behind the open tasks are gone. The tasks are
   * canceled first; the features then recreate their processes, which open fresh tasks.
   */
  @EventListener
  @Order(0)
  @Transactional
  public void on(EngineStartedEmpty restarted) {
    for (UserTask task : store.openTasks()) {
      store.cancel(task.id());
      audit.record(AuditTrail.SYSTEM, TaskAudit.CANCELED, task.id(), task.workspaceId(),
          task.name() + ": the engine restarted; the step is opened again");
    }
  }

  /** An admin canceled the instance in the monitor: its open tasks can no longer be decided. */
  @EventListener
  @Transactional
  public void on(ProcessInstanceCanceled canceled) {
    for (UserTask task : store.ofProcessInstance(canceled.processInstanceKey())) {
      if (task.open()) {
        store.cancel(task.id());
        audit.record(canceled.canceledBy(), TaskAudit.CANCELED, task.id(), task.workspaceId(),
            task.name() + ": instance canceled");
      }
    }
  }

  private Map<String, Object> outcome(UserTask task) {
    if (task.outcome() == null) {
      return Map.of();
    }
    try {
      return json.readValue(task.outcome(), new TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }

  private static String stringOrNull(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  private static String truncate(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
  }
}
