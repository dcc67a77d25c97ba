package dev.miniflow.tasklist;

import dev.miniflow.engine.EngineCommands;
import dev.miniflow.engine.EngineStartedEmpty;
import dev.miniflow.engine.ProcessInstanceCanceled;
import dev.miniflow.engine.StepRefused;
import dev.miniflow.processes.FormCatalog;
import dev.miniflow.processes.ProcessCatalog;
import dev.miniflow.processes.ProcessVariants;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Problems;
import dev.miniflow.notification.Inbox;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import io.camunda.client.CamundaClient;
import io.camunda.client.api.command.ClientStatusException;
import io.camunda.client.api.response.ActivatedJob;
import io.grpc.Status;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Miniflow's task list: the source of truth for human steps. A user task job is recorded once,
 * offered to its candidate groups, claimed by one person, and completing it completes the job
 * with the decision.
 */
@Service
public class TaskService {
  static final String HEADER_CANDIDATE_GROUPS = "io.camunda.zeebe:candidateGroups";
  static final String HEADER_CANDIDATE_USERS = "io.camunda.zeebe:candidateUsers";
  static final String HEADER_ASSIGNEE = "io.camunda.zeebe:assignee";
  static final String HEADER_FORM_KEY = "io.camunda.zeebe:formKey";
  static final String HEADER_DUE_DATE = "io.camunda.zeebe:dueDate";
  /** Optional priority 0..100 (higher first), as a header or a process variable; 50 when absent. */
  static final String HEADER_PRIORITY = "io.camunda.zeebe:priority";
  static final String VAR_PRIORITY = "priority";
  static final int DEFAULT_PRIORITY = 50;
  static final int MAX_COMMENT = 2000;
  /**
   * The one variable the task list reads: which of the instance's objects a task is about (a
   * release of a multi-instance, say). Everything else comes from that object.
   */
  static final String VAR_BUSINESS_KEY = "businessKey";
  /** Added to the values a task is completed with (for the model's gateways; no worker trusts it). */
  public static final String VAR_COMPLETED_BY = "completedBy";
  /** The decision fields Miniflow defines: all a task without a form accepts. */
  public static final String FIELD_DECISION = "decision";
  public static final String FIELD_COMMENT = "comment";
  /**
   * Variables Miniflow's processes are keyed by: no completion may set them, whatever its form
   * declares, so a decision never moves a process onto another object.
   */
  static final Set<String> RESERVED = Set.of("releaseId", "releaseIds", "grantId", "removalId", "workspaceId",
      "requester", VAR_BUSINESS_KEY, "subject", VAR_COMPLETED_BY, "approvers");

  private final UserTaskStore store;
  private final WorkspaceAccess access;
  private final AuditTrail audit;
  private final CamundaClient engine;
  private final EngineCommands commands;
  private final FormCatalog forms;
  private final ProcessCatalog processes;
  /** Looked up when used: providers may themselves depend on this service (e.g. to cancel tasks). */
  private final ObjectProvider<TaskContextProvider> contexts;
  private final Inbox inbox;
  private final ObjectMapper json;

  TaskService(UserTaskStore store, WorkspaceAccess access, AuditTrail audit, CamundaClient engine, EngineCommands commands, FormCatalog forms,
      ProcessCatalog processes, ObjectProvider<TaskContextProvider> contexts, Inbox inbox, ObjectMapper json) {
    this.inbox = inbox;
    this.store = store;
    this.access = access;
    this.audit = audit;
    this.engine = engine;
    this.commands = commands;
    this.forms = forms;
    this.processes = processes;
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
    Map<String, String> headers = job.getCustomHeaders();
    Map<String, Object> variables = job.getVariablesAsMap();
    String businessKey = truncate(stringOrNull(variables.get(VAR_BUSINESS_KEY)), 64);
    // a workspace's variant is of the same kind as the platform process: its tasks are that process's tasks
    String processId = dev.miniflow.processes.ProcessVariants.kindOf(job.getBpmnProcessId());
    TaskContextProvider provider = provider(processId).orElseThrow(() -> new StepRefused("No Miniflow process '" + job.getBpmnProcessId() + "' has human tasks",
            null, "process-instance", job.getProcessInstanceKey()));
    TaskContextProvider.Binding bound = provider.bind(job.getProcessInstanceKey(), businessKey)
        .orElseThrow(() -> new StepRefused("User task " + job.getElementId() + " is about "
            + (businessKey == null ? "nothing" : "'" + businessKey + "'")
            + " that this process instance runs and that waits for a human step", null, "process-instance",
            job.getProcessInstanceKey()));
    long workspaceId = bound.workspaceId();
    String name = processes.elementName(job.getBpmnProcessId(), job.getElementId());
    List<String> excluded = new ArrayList<>(new java.util.TreeSet<>(bound.excluded()));
    String assignee = blankToNull(headers.get(HEADER_ASSIGNEE));
    boolean created = store.insertOnce(job.getKey(), job.getProcessInstanceKey(), processId,
        job.getElementId(), name, workspaceId, bound.businessKey(), truncate(bound.subject(), 256),
        bound.requester(), excluded, candidateGroups(headers.get(HEADER_CANDIDATE_GROUPS)),
        candidateGroups(headers.get(HEADER_CANDIDATE_USERS)),
        excluded.contains(assignee) ? null : assignee, formKey(headers.get(HEADER_FORM_KEY)),
        dueDate(headers.get(HEADER_DUE_DATE)), job.getProcessDefinitionKey(),
        priority(headers.get(HEADER_PRIORITY), variables.get(VAR_PRIORITY)));
    if (created) {
      UserTask task = store.findByJobKey(job.getKey()).orElseThrow();
      TaskContextProvider.About about = provider.about(task);
      store.describe(task.id(), about.miniProgram(), about.targetApp());
      audit.record(AuditTrail.SYSTEM, "task.created", "task", task.id(), workspaceId,
          name + " for " + headers.getOrDefault(HEADER_CANDIDATE_GROUPS, "[]"));
      tellCandidates(task);
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
    String decision = stringOrNull(outcome.get(FIELD_DECISION));
    if (!choices.contains(decision)) {
      throw refuse.apply("review task " + task.id() + " has no decision (" + String.join(" or ", new java.util.TreeSet<>(choices))
          + ")");
    }
    return new Decision(decision, stringOrNull(outcome.get(FIELD_COMMENT)), task.completedBy(), task.id());
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

  /** Everyone who could pick the task up hears of it, except the person it is about. */
  private void tellCandidates(UserTask task) {
    Set<String> candidates = new java.util.TreeSet<>(candidates(task));
    if (task.assignee() != null && !task.excluded().contains(task.assignee())) {
      candidates.add(task.assignee());
    }
    String about = task.subject() == null ? "" : ": " + task.subject();
    for (String candidate : candidates) {
      inbox.send(task.workspaceId(), candidate, "task-" + task.id() + "-" + candidate, "New task " + task.name() + about,
          task.name() + about + (task.initiator() == null ? "" : ", asked by " + task.initiator()) + ".",
          "/tasks/" + task.id());
    }
  }

  /** My claimed tasks; unassigned in my groups; all open tasks I may see (admins: their workspaces); completed by me. */
  public enum Queue { MINE, AVAILABLE, ALL, COMPLETED }

  public record TaskPage(List<UserTask> tasks, int page, boolean hasNext) {}

  public TaskPage queue(TaskQuery query) {
    String user = CurrentUser.username();
    List<UserTask> found = store.search(query, user, audienceOf(user), access.workspacesWithRole(user, Role.ADMIN),
        TaskQuery.PAGE_SIZE + 1);
    boolean hasNext = found.size() > TaskQuery.PAGE_SIZE;
    return new TaskPage(hasNext ? found.subList(0, TaskQuery.PAGE_SIZE) : found, query.page(), hasNext);
  }

  /** The task, if the current user may see it: a candidate, its assignee or completer, or a workspace admin. */
  public UserTask get(long taskId) {
    String user = CurrentUser.username();
    UserTask task = store.find(taskId).orElseThrow(() -> Problems.notFound("Task " + taskId));
    access.requireMember(task.workspaceId(), "Task " + taskId);
    if (!isCandidate(user, task) && !user.equals(task.assignee()) && !user.equals(task.completedBy())
        && !isAdmin(user, task)) {
      throw Problems.forbidden("This task is for " + candidatesText(task) + ".");
    }
    return task;
  }

  private static String candidatesText(UserTask task) {
    List<String> all = new ArrayList<>(task.candidateGroups());
    all.addAll(task.candidateUsers());
    return String.join(", ", all);
  }

  public Optional<TaskForm> form(UserTask task) {
    return Optional.ofNullable(task.formKey()).flatMap(forms::findById).map(f -> TaskForm.parse(f.schema(), json));
  }

  public Optional<TaskContextProvider.TaskContext> context(UserTask task) {
    return provider(task).map(p -> p.describe(task));
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
    if (!isAdmin(user, task)) {
      throw Problems.forbidden("Only workspace admins assign tasks; others claim them.");
    }
    if (!task.open()) {
      throw Problems.conflict("This task is already " + task.state().name().toLowerCase() + ".");
    }
    if (assignee == null || assignee.isBlank() || !isCandidate(assignee.strip(), task)) {
      throw Problems.invalid("'" + assignee + "' is not a candidate of this task (" + candidatesText(task) + ").");
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
    inbox.send(task.workspaceId(), to, "task-" + task.id() + "-assigned-" + task.lockVersion() + "-" + to, "Assigned to you: " + task.name(),
        user + " assigned " + task.name() + (task.subject() == null ? "" : " (" + task.subject() + ")") + " to you.",
        "/tasks/" + task.id());
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
    Set<String> candidates = new java.util.TreeSet<>(task.candidateUsers());
    task.candidateGroups().forEach(group -> Role.ofGroup(group)
        .ifPresent(role -> candidates.addAll(access.membersWithRole(task.workspaceId(), role))));
    candidates.removeAll(task.excluded());
    return List.copyOf(candidates);
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
    Map<String, Object> values = form(task).map(f -> f.check(submitted)).orElseGet(() -> decisionFields(submitted));
    values.keySet().stream().filter(RESERVED::contains).findFirst().ifPresent(key -> {
      throw Problems.invalid("'" + key + "' is set by Miniflow, not by a task's form.");
    });
    provider(task).ifPresent(p -> p.checkCompletion(task, values));
    if (!store.complete(task.id(), task.lockVersion(), user, toJson(values))) {
      throw changedMeanwhile(taskId);
    }
    audit.record(user, "task.completed", "task", taskId, task.workspaceId(), task.name() + ": " + toJson(values));
    Map<String, Object> variables = new HashMap<>(values);
    variables.put(VAR_COMPLETED_BY, user);
    try {
      commands.send(engine.newCompleteCommand(task.jobKey()).variables(variables));
    } catch (ClientStatusException e) {
      if (e.getStatusCode() == Status.Code.NOT_FOUND) {
        throw Problems.conflict("This task no longer exists in its process (the instance may have been canceled).");
      }
      if (e.getStatusCode() == Status.Code.UNAVAILABLE || e.getStatusCode() == Status.Code.DEADLINE_EXCEEDED) {
        throw Problems.unavailable("The workflow engine is not reachable right now; nothing was recorded. Please try again.");
      }
      throw Problems.unavailable("The workflow engine did not take the decision; nothing was recorded. Please try again.");
    }
    return store.find(taskId).orElseThrow();
  }

  /** A task without a form takes the decision and a comment, as text, and nothing else. */
  private static Map<String, Object> decisionFields(Map<String, ?> submitted) {
    Map<String, Object> values = new LinkedHashMap<>();
    for (var entry : submitted.entrySet()) {
      if (!FIELD_DECISION.equals(entry.getKey()) && !FIELD_COMMENT.equals(entry.getKey())) {
        throw Problems.invalid("This task has no form: it takes only '" + FIELD_DECISION + "' and '" + FIELD_COMMENT
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
    if (!isCandidate(user, task)) {
      throw Problems.forbidden("This task is for " + candidatesText(task) + ".");
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

  private boolean isCandidate(String user, UserTask task) {
    if (task.candidateUsers().contains(user) && !access.rolesOf(user, task.workspaceId()).isEmpty()) {
      return true;
    }
    Set<String> groups = access.groupsOf(user, task.workspaceId());
    return task.candidateGroups().stream().anyMatch(groups::contains);
  }

  private boolean isAdmin(String user, UserTask task) {
    return access.rolesOf(user, task.workspaceId()).contains(Role.ADMIN);
  }

  private static int priority(String header, Object variable) {
    Object value = header != null && !header.isBlank() ? header : variable;
    if (value == null) {
      return DEFAULT_PRIORITY;
    }
    try {
      return Math.clamp(Math.round(Double.parseDouble(value.toString().strip())), 0, 100);
    } catch (NumberFormatException e) {
      return DEFAULT_PRIORITY;
    }
  }

  private List<String> audienceOf(String user) {
    List<String> audience = new ArrayList<>();
    for (long ws : access.workspacesOf(user)) {
      access.groupsOf(user, ws).forEach(g -> audience.add(ws + ":" + g));
      audience.add(ws + ":user:" + user);
    }
    return audience;
  }

  private Optional<TaskContextProvider> provider(UserTask task) {
    return provider(task.processId());
  }

  private Optional<TaskContextProvider> provider(String processId) {
    return contexts.orderedStream().filter(c -> c.handles(processId)).findFirst();
  }

  private List<String> candidateGroups(String header) {
    if (header == null || header.isBlank()) {
      return List.of();
    }
    try {
      return List.of(json.readValue(header, String[].class));
    } catch (JsonProcessingException e) {
      return List.of(header.split("\\s*,\\s*"));
    }
  }

  private Long formKey(String header) {
    if (header == null || header.isBlank()) {
      return null;
    }
    try {
      return Long.parseLong(header.strip());
    } catch (NumberFormatException e) {
      return forms.findLatest(header.strip()).map(f -> f.formKey()).orElse(null);
    }
  }

  private static Instant dueDate(String header) {
    return header == null || header.isBlank() ? null : OffsetDateTime.parse(header).toInstant();
  }

  private static String stringOrNull(Object value) {
    return value == null ? null : String.valueOf(value);
  }

  private static String truncate(String value, int max) {
    return value == null || value.length() <= max ? value : value.substring(0, max - 1) + "…";
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value;
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
