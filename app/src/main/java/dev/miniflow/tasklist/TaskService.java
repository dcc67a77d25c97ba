package dev.miniflow.tasklist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.engine.StepRefused;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Problems;
import io.camunda.client.api.response.ActivatedJob;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Miniflow's task list: the source of truth for human steps. A user task job is recorded once,
 * offered to its candidate groups, claimed by one person, and completing it completes the job
 * with the decision.
 */
@Service
public class TaskService {
  /** The one variable the task list reads; the worker fetches it (see UserTaskJobs). */
  static final String VAR_BUSINESS_KEY = UserTaskJobs.VAR_BUSINESS_KEY;
  static final String VAR_PRIORITY = UserTaskJobs.VAR_PRIORITY;
  static final int MAX_COMMENT = 2000;

  private final UserTaskStore store;
  private final TaskAudience audience;
  private final AuditTrail audit;
  private final UserTaskJobs jobs;
  private final TaskContexts contexts;
  private final ObjectMapper json;

  TaskService(UserTaskStore store, TaskAudience audience, AuditTrail audit, UserTaskJobs jobs, TaskContexts contexts,
      ObjectMapper json) {
    this.store = store;
    this.audience = audience;
    this.audit = audit;
    this.jobs = jobs;
    this.contexts = contexts;
    this.json = json;
  }

  /**
   * Records a user task job; a second delivery of the same job changes nothing. The task's
   * workspace, subject and requester come from the business object bound to the job's process
   * instance (the model's variables only choose among those objects): a job of a process no
   * feature owns, or about no object of its instance, is refused.
   */
  @Transactional
  public void open(ActivatedJob job) {
    String businessKey = truncate(stringOrNull(job.getVariablesAsMap().get(VAR_BUSINESS_KEY)), 64);
    // a workspace's variant is of the same kind as the platform process: its tasks are that process's tasks
    String processId = dev.miniflow.processes.ProcessVariants.kindOf(job.getBpmnProcessId());
    TaskContextProvider provider = contexts.provider(processId).orElseThrow(() -> new StepRefused("No Miniflow process '" + job.getBpmnProcessId() + "' has human tasks",
            null, "process-instance", job.getProcessInstanceKey()));
    TaskContextProvider.Binding bound = provider.bind(job.getProcessInstanceKey(), businessKey)
        .orElseThrow(() -> new StepRefused("User task " + job.getElementId() + " is about "
            + (businessKey == null ? "nothing" : "'" + businessKey + "'")
            + " that this process instance runs and that waits for a human step", null, "process-instance",
            job.getProcessInstanceKey()));
    long workspaceId = bound.workspaceId();
    List<String> excluded = new ArrayList<>(new java.util.TreeSet<>(bound.excluded()));
    UserTaskJobs.Declared step = jobs.declared(job);
    boolean created = store.insertOnce(job.getKey(), job.getProcessInstanceKey(), processId,
        job.getElementId(), step.name(), workspaceId, bound.businessKey(), truncate(bound.subject(), 256),
        bound.requester(), excluded, step.candidateGroups(), step.candidateUsers(),
        excluded.contains(step.assignee()) ? null : step.assignee(), step.formKey(), step.dueAt(),
        job.getProcessDefinitionKey(), step.priority());
    if (created) {
      UserTask task = store.findByJobKey(job.getKey()).orElseThrow();
      TaskContextProvider.About about = provider.about(task);
      store.describe(task.id(), about.miniProgram(), about.targetApp());
      audit.record(AuditTrail.SYSTEM, "task.created", "task", task.id(), workspaceId,
          step.name() + " for " + job.getCustomHeaders().getOrDefault(UserTaskJobs.HEADER_CANDIDATE_GROUPS, "[]"));
      audience.tellCandidates(task);
    }
  }

  /** A human decision taken in a completed task: what was decided, the comment, and who decided. */
  public record Decision(String decision, String comment, String decidedBy, long taskId) {}

  /**
   * The decision of the latest completed task of this process instance about the object, taken
   * over once (a second call finds nothing), and one of the choices the step knows. Decision steps
   * read it here, never from variables. Joins the step's transaction, so the decision is only used
   * up if the step commits.
   *
   * @param refuse makes the step's refusal (about its own object) from the reason
   */
  @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
  public Decision takeDecision(String processId, long processInstanceKey, String businessKey, Set<String> choices,
      java.util.function.Function<String, StepRefused> refuse) {
    UserTask task = store.takeDecision(processId, processInstanceKey, businessKey)
        .orElseThrow(() -> refuse.apply("no completed review task of this instance decided " + processId + " "
            + businessKey));
    Map<String, Object> outcome = outcome(task);
    String decision = stringOrNull(outcome.get(TaskContexts.FIELD_DECISION));
    if (!choices.contains(decision)) {
      throw refuse.apply("review task " + task.id() + " has no decision (" + String.join(" or ", new java.util.TreeSet<>(choices))
          + ")");
    }
    return new Decision(decision, stringOrNull(outcome.get(TaskContexts.FIELD_COMMENT)), task.completedBy(), task.id());
  }

  private Map<String, Object> outcome(UserTask task) {
    if (task.outcome() == null) {
      return Map.of();
    }
    try {
      return json.readValue(task.outcome(), new com.fasterxml.jackson.core.type.TypeReference<Map<String, Object>>() {});
    } catch (JsonProcessingException e) {
      return Map.of();
    }
  }

  /** My claimed tasks; unassigned in my groups; all open tasks I may see (admins: their workspaces); completed by me. */
  public enum Queue { MINE, AVAILABLE, ALL, COMPLETED }

  public record TaskPage(List<UserTask> tasks, int page, boolean hasNext) {}

  public TaskPage queue(TaskQuery query) {
    String user = CurrentUser.username();
    List<UserTask> found = store.search(query, user, audience.audienceOf(user), audience.adminWorkspaces(user),
        TaskQuery.PAGE_SIZE + 1);
    boolean hasNext = found.size() > TaskQuery.PAGE_SIZE;
    return new TaskPage(hasNext ? found.subList(0, TaskQuery.PAGE_SIZE) : found, query.page(), hasNext);
  }

  /** The task, if the current user may see it: a candidate, its assignee or completer, or a workspace admin. */
  public UserTask get(long taskId) {
    String user = CurrentUser.username();
    UserTask task = store.find(taskId).orElseThrow(() -> Problems.notFound("Task " + taskId));
    audience.requireMaySee(user, task);
    return task;
  }

  public Optional<TaskForm> form(UserTask task) {
    return contexts.form(task);
  }

  public Optional<TaskContextProvider.TaskContext> context(UserTask task) {
    return contexts.context(task);
  }

  @Transactional
  public UserTask claim(long taskId) {
    String user = CurrentUser.username();
    UserTask task = actionable(taskId, user);
    if (user.equals(task.assignee())) {
      return task;
    }
    if (task.assignee() != null) {
      throw Problems.conflict("This task is already claimed by " + task.assignee() + ".");
    }
    if (!store.claim(task.id(), task.lockVersion(), user)) {
      throw changedMeanwhile(taskId);
    }
    audit.record(user, "task.claimed", "task", taskId, task.workspaceId(), task.name());
    return store.find(taskId).orElseThrow();
  }

  @Transactional
  public UserTask unclaim(long taskId) {
    String user = CurrentUser.username();
    UserTask task = get(taskId);
    if (!user.equals(task.assignee()) || !task.open()) {
      throw Problems.conflict("Only the person who claimed this open task can hand it back.");
    }
    if (!store.unclaim(task.id(), task.lockVersion())) {
      throw changedMeanwhile(taskId);
    }
    audit.record(user, "task.unclaimed", "task", taskId, task.workspaceId(), task.name());
    return store.find(taskId).orElseThrow();
  }

  /** An admin hands an open task to one of its candidates (not to the person it is about). */
  @Transactional
  public UserTask assign(long taskId, String assignee) {
    String user = CurrentUser.username();
    UserTask task = get(taskId);
    if (!audience.isAdmin(user, task)) {
      throw Problems.forbidden("Only workspace admins assign tasks; others claim them.");
    }
    if (!task.open()) {
      throw Problems.conflict("This task is already " + task.state().name().toLowerCase() + ".");
    }
    if (assignee == null || assignee.isBlank() || !audience.isCandidate(assignee.strip(), task)) {
      throw Problems.invalid("'" + assignee + "' is not a candidate of this task (" + TaskAudience.candidatesText(task)
          + ").");
    }
    String to = assignee.strip();
    if (task.excluded().contains(to)) {
      throw Problems.invalid(to + (to.equals(task.initiator()) ? " asked for this" : " uploaded this version")
          + " and cannot review it (four-eyes rule).");
    }
    if (!store.assign(task.id(), task.lockVersion(), to)) {
      throw changedMeanwhile(taskId);
    }
    audit.record(user, "task.assigned", "task", taskId, task.workspaceId(), task.name() + " to " + to);
    audience.tellAssigned(task, user, to);
    return store.find(taskId).orElseThrow();
  }

  /** Anyone who may see the task may comment on it, also after it was completed. */
  @Transactional
  public TaskComment comment(long taskId, String body) {
    String user = CurrentUser.username();
    UserTask task = get(taskId);
    String text = dev.miniflow.support.Text.prose(body, "comment", MAX_COMMENT);
    if (text.isEmpty()) {
      throw Problems.invalid("A comment needs some text.");
    }
    store.comment(task.id(), user, text);
    audit.record(user, "task.commented", "task", taskId, task.workspaceId(), task.name());
    return comments(task).getLast();
  }

  /** Open tasks of a candidate group: how many, since when the oldest waits, how many are past due. */
  public record QueueStat(String group, long open, Instant oldest, long pastDue) {}

  /** For the analytics dashboard (the caller checks who may see it). */
  public List<QueueStat> queueStats(long workspaceId, Instant now) {
    return store.queueStats(workspaceId, now);
  }

  /** Open tasks past their due date, most overdue first. */
  public List<UserTask> pastDue(long workspaceId, Instant now) {
    return store.pastDue(workspaceId, now, 500);
  }

  /** Tasks completed in [from, to) after their due date. */
  public long completedLate(long workspaceId, Instant from, Instant to) {
    return store.completedLate(workspaceId, from, to);
  }

  /** Who could take the task: members holding its candidate groups' roles and its candidate users, minus the requester. */
  public List<String> candidates(UserTask task) {
    return audience.candidates(task);
  }

  /** The comments on all tasks about the task's business object, oldest first. */
  public List<TaskComment> comments(UserTask task) {
    return store.commentsAbout(task);
  }

  /** What happened to the tasks about the task's business object: created, claimed, completed, … */
  public List<dev.miniflow.support.AuditEvent> history(UserTask task) {
    return store.about(task).stream()
        .flatMap(t -> audit.forSubject("task", t.id()).stream())
        .sorted(java.util.Comparator.comparing(dev.miniflow.support.AuditEvent::occurredAt)
            .thenComparing(dev.miniflow.support.AuditEvent::id))
        .toList();
  }

  /**
   * The embedded engine restarted empty: the jobs behind the open tasks are gone. The tasks are
   * canceled first; the features then recreate their processes, which open fresh tasks.
   */
  @org.springframework.context.event.EventListener
  @org.springframework.core.annotation.Order(0)
  @Transactional
  public void on(dev.miniflow.engine.EngineStartedEmpty restarted) {
    for (UserTask task : store.openTasks()) {
      store.cancel(task.id());
      audit.record(AuditTrail.SYSTEM, "task.canceled", "task", task.id(), task.workspaceId(),
          task.name() + ": the engine restarted; the step is opened again");
    }
  }

  /** An admin canceled the instance in the monitor: its open tasks can no longer be decided. */
  @org.springframework.context.event.EventListener
  @Transactional
  public void on(dev.miniflow.engine.ProcessInstanceCanceled canceled) {
    for (UserTask task : store.ofProcessInstance(canceled.processInstanceKey())) {
      if (task.open()) {
        store.cancel(task.id());
        audit.record(canceled.canceledBy(), "task.canceled", "task", task.id(), task.workspaceId(),
            task.name() + ": instance canceled");
      }
    }
  }

  /**
   * Completes the task with the submitted form values. The row is updated conditionally, so of two
   * people completing at once exactly one wins; the engine is told inside the same transaction, so
   * a decision the engine did not take is not recorded either.
   */
  @Transactional
  public UserTask complete(long taskId, Map<String, ?> submitted) {
    String user = CurrentUser.username();
    UserTask task = actionable(taskId, user);
    if (task.assignee() != null && !user.equals(task.assignee())) {
      throw Problems.conflict("This task is claimed by " + task.assignee() + "; claim it first to complete it.");
    }
    Map<String, Object> values = contexts.completion(task, submitted);
    if (!store.complete(task.id(), task.lockVersion(), user, toJson(values))) {
      throw changedMeanwhile(taskId);
    }
    audit.record(user, "task.completed", "task", taskId, task.workspaceId(), task.name() + ": " + toJson(values));
    jobs.complete(task.jobKey(), values, user);
    return store.find(taskId).orElseThrow();
  }

  /** Marks the open tasks about a business object as canceled, e.g. when its request was withdrawn. */
  @Transactional
  public void cancelOpenTasks(String processId, String businessKey) {
    for (UserTask task : store.openAbout(processId, businessKey)) {
      store.cancel(task.id());
      audit.record(AuditTrail.SYSTEM, "task.canceled", "task", task.id(), task.workspaceId(), task.name());
    }
  }

  public List<UserTask> ofProcessInstance(long processInstanceKey) {
    return store.ofProcessInstance(processInstanceKey);
  }

  private UserTask actionable(long taskId, String user) {
    UserTask task = get(taskId);
    if (!task.open()) {
      throw Problems.conflict("This task was already " + task.state().name().toLowerCase()
          + (task.completedBy() != null ? " by " + task.completedBy() : "") + ".");
    }
    if (!audience.isCandidate(user, task)) {
      throw Problems.forbidden("This task is for " + TaskAudience.candidatesText(task) + ".");
    }
    if (task.excluded().contains(user)) {
      throw Problems.forbidden((user.equals(task.initiator()) ? "You asked for this yourself"
          : "You uploaded this version yourself") + ": someone else has to review it (four-eyes rule).");
    }
    return task;
  }

  private RuntimeException changedMeanwhile(long taskId) {
    UserTask now = store.find(taskId).orElseThrow();
    if (now.state() == TaskState.COMPLETED) {
      return Problems.conflict("Someone else was faster: " + now.completedBy() + " completed this task at "
          + now.completedAt() + ".");
    }
    return Problems.conflict("This task changed while you were working on it (now " + now.state().name().toLowerCase()
        + (now.assignee() != null ? ", claimed by " + now.assignee() : "") + "). Reload and try again.");
  }

  private static String stringOrNull(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  private static String truncate(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
