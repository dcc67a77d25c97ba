package dev.miniflow.tasklist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.processes.FormCatalog;
import dev.miniflow.processes.ProcessCatalog;
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
  /** Process variables the task list reads: the tenant, who asked (four-eyes), and what about. */
  static final String VAR_WORKSPACE_ID = "workspaceId";
  static final String VAR_REQUESTER = "requester";
  static final String VAR_BUSINESS_KEY = "businessKey";
  static final String VAR_SUBJECT = "subject";
  /** Added to the values a task is completed with. */
  public static final String VAR_COMPLETED_BY = "completedBy";

  private final UserTaskStore store;
  private final WorkspaceAccess access;
  private final AuditTrail audit;
  private final CamundaClient engine;
  private final FormCatalog forms;
  private final ProcessCatalog processes;
  /** Looked up when used: providers may themselves depend on this service (e.g. to cancel tasks). */
  private final ObjectProvider<TaskContextProvider> contexts;
  private final Inbox inbox;
  private final ObjectMapper json;

  TaskService(UserTaskStore store, WorkspaceAccess access, AuditTrail audit, CamundaClient engine, FormCatalog forms,
      ProcessCatalog processes, ObjectProvider<TaskContextProvider> contexts, Inbox inbox, ObjectMapper json) {
    this.inbox = inbox;
    this.store = store;
    this.access = access;
    this.audit = audit;
    this.engine = engine;
    this.forms = forms;
    this.processes = processes;
    this.contexts = contexts;
    this.json = json;
  }

  /** Records a user task job; a second delivery of the same job changes nothing. */
  @Transactional
  public void open(ActivatedJob job) {
    Map<String, String> headers = job.getCustomHeaders();
    Map<String, Object> variables = job.getVariablesAsMap();
    Object workspace = variables.get(VAR_WORKSPACE_ID);
    if (workspace == null) {
      throw new IllegalArgumentException("User task " + job.getElementId() + " has no workspaceId variable");
    }
    long workspaceId = ((Number) workspace).longValue();
    String name = processes.elementName(job.getBpmnProcessId(), job.getElementId());
    boolean created = store.insertOnce(job.getKey(), job.getProcessInstanceKey(), job.getBpmnProcessId(),
        job.getElementId(), name, workspaceId, stringOrNull(variables.get(VAR_BUSINESS_KEY)),
        truncate(stringOrNull(variables.get(VAR_SUBJECT)), 256),
        stringOrNull(variables.get(VAR_REQUESTER)), candidateGroups(headers.get(HEADER_CANDIDATE_GROUPS)),
        candidateGroups(headers.get(HEADER_CANDIDATE_USERS)),
        blankToNull(headers.get(HEADER_ASSIGNEE)), formKey(headers.get(HEADER_FORM_KEY)),
        dueDate(headers.get(HEADER_DUE_DATE)));
    if (created) {
      UserTask task = store.findByJobKey(job.getKey()).orElseThrow();
      audit.record(AuditTrail.SYSTEM, "task.created", "task", task.id(), workspaceId,
          name + " for " + headers.getOrDefault(HEADER_CANDIDATE_GROUPS, "[]"));
      tellCandidates(task);
    }
  }

  /** Everyone who could pick the task up hears of it, except the person it is about. */
  private void tellCandidates(UserTask task) {
    Set<String> candidates = new java.util.TreeSet<>(task.candidateUsers());
    task.candidateGroups().forEach(group -> Role.ofGroup(group)
        .ifPresent(role -> candidates.addAll(access.membersWithRole(task.workspaceId(), role))));
    if (task.assignee() != null) {
      candidates.add(task.assignee());
    }
    candidates.remove(task.initiator());
    String about = task.subject() == null ? "" : ": " + task.subject();
    for (String candidate : candidates) {
      inbox.send(candidate, "task-" + task.id() + "-" + candidate, "New task " + task.name() + about,
          task.name() + about + (task.initiator() == null ? "" : ", asked by " + task.initiator()) + ".",
          "/tasks/" + task.id());
    }
  }

  public enum Queue { MINE, AVAILABLE, COMPLETED }

  public List<UserTask> queue(Queue queue) {
    String user = CurrentUser.username();
    return switch (queue) {
      case MINE -> store.assignedTo(user, 200);
      case AVAILABLE -> store.offeredTo(audienceOf(user), 200).stream()
          .filter(t -> t.assignee() == null).toList();
      case COMPLETED -> store.completedBy(user, 200);
    };
  }

  /** The task, if the current user may see it: one of its candidates, its assignee or its completer. */
  public UserTask get(long taskId) {
    String user = CurrentUser.username();
    UserTask task = store.find(taskId).orElseThrow(() -> Problems.notFound("Task " + taskId));
    access.requireMember(task.workspaceId(), "Task " + taskId);
    if (!isCandidate(user, task) && !user.equals(task.assignee()) && !user.equals(task.completedBy())) {
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
    Map<String, Object> values = form(task).map(f -> f.check(submitted)).orElseGet(() -> new LinkedHashMap<>(submitted));
    provider(task).ifPresent(p -> p.checkCompletion(task, values));
    if (!store.complete(task.id(), task.lockVersion(), user, toJson(values))) {
      throw changedMeanwhile(taskId);
    }
    audit.record(user, "task.completed", "task", taskId, task.workspaceId(), task.name() + ": " + toJson(values));
    Map<String, Object> variables = new HashMap<>(values);
    variables.put(VAR_COMPLETED_BY, user);
    try {
      engine.newCompleteCommand(task.jobKey()).variables(variables).send().join();
    } catch (ClientStatusException e) {
      if (e.getStatusCode() == Status.Code.NOT_FOUND) {
        throw Problems.conflict("This task no longer exists in its process (the instance may have been canceled).");
      }
      throw Problems.unavailable("The workflow engine did not take the decision; nothing was recorded. Please try again.");
    }
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
    if (!isCandidate(user, task)) {
      throw Problems.forbidden("This task is for " + candidatesText(task) + ".");
    }
    if (user.equals(task.initiator())) {
      throw Problems.forbidden("You asked for this yourself: someone else has to review it (four-eyes rule).");
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

  private List<String> audienceOf(String user) {
    List<String> audience = new ArrayList<>();
    for (long ws : access.workspacesOf(user)) {
      access.groupsOf(user, ws).forEach(g -> audience.add(ws + ":" + g));
      audience.add(ws + ":user:" + user);
    }
    return audience;
  }

  private Optional<TaskContextProvider> provider(UserTask task) {
    return contexts.orderedStream().filter(c -> c.handles(task.processId())).findFirst();
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
