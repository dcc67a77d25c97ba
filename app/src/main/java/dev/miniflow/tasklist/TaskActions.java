package dev.miniflow.tasklist;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Problems;
import dev.miniflow.tasklist.rejection.Rejections;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What people do with a task: claim it, hand it back, assign it (admins), comment on it, and
 * complete it with their decision. Each change is a conditional update of the row, so of two
 * people acting at once exactly one wins. Only the task list's own pages and API act on tasks.
 */
@Service
class TaskActions {
  static final int MAX_COMMENT = 2000;

  private final UserTaskStore store;
  private final TaskAudience audience;
  private final TaskContexts contexts;
  private final UserTaskJobs jobs;
  private final AuditTrail audit;
  private final ObjectMapper json;
  private final Rejections rejections;

  TaskActions(UserTaskStore store, TaskAudience audience, TaskContexts contexts, UserTaskJobs jobs, AuditTrail audit,
      ObjectMapper json, Rejections rejections) {
    this.rejections = rejections;
    this.store = store;
    this.audience = audience;
    this.contexts = contexts;
    this.jobs = jobs;
    this.audit = audit;
    this.json = json;
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
    audit.record(user, TaskAudit.CLAIMED, taskId, task.workspaceId(), task.name());
    return store.find(taskId).orElseThrow();
  }

  @Transactional
  public UserTask unclaim(long taskId) {
    String user = CurrentUser.username();
    UserTask task = visible(taskId, user);
    if (!user.equals(task.assignee()) || !task.open()) {
      throw Problems.conflict("Only the person who claimed this open task can hand it back.");
    }
    if (!store.unclaim(task.id(), task.lockVersion())) {
      throw changedMeanwhile(taskId);
    }
    audit.record(user, TaskAudit.UNCLAIMED, taskId, task.workspaceId(), task.name());
    return store.find(taskId).orElseThrow();
  }

  /** An admin hands an open task to one of its candidates (not to the person it is about). */
  @Transactional
  public UserTask assign(long taskId, String assignee) {
    String user = CurrentUser.username();
    UserTask task = visible(taskId, user);
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
    audit.record(user, TaskAudit.ASSIGNED, taskId, task.workspaceId(), task.name() + " to " + to);
    audience.tellAssigned(task, user, to);
    return store.find(taskId).orElseThrow();
  }

  /** Anyone who may see the task may comment on it, also after it was completed. */
  @Transactional
  public TaskComment comment(long taskId, String body) {
    String user = CurrentUser.username();
    UserTask task = visible(taskId, user);
    String text = dev.miniflow.support.Text.prose(body, "comment", MAX_COMMENT);
    if (text.isEmpty()) {
      throw Problems.invalid("A comment needs some text.");
    }
    store.comment(task.id(), user, text);
    audit.record(user, TaskAudit.COMMENTED, taskId, task.workspaceId(), task.name());
    return store.commentsAbout(task).getLast();
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
    Rejections.Completion given = rejections.completion(task, submitted);
    Map<String, Object> values = contexts.completion(task, given.formValues());
    if (!store.complete(task.id(), task.lockVersion(), user, toJson(values))) {
      throw changedMeanwhile(taskId);
    }
    rejections.record(task, given);
    audit.record(user, TaskAudit.COMPLETED, taskId, task.workspaceId(), task.name() + ": " + toJson(values));
    jobs.complete(task.jobKey(), values, user);
    return store.find(taskId).orElseThrow();
  }

  /** The same check as {@link TaskQueries#get}: acting on a task starts with being allowed to see it. */
  private UserTask visible(long taskId, String user) {
    UserTask task = store.find(taskId).orElseThrow(() -> Problems.notFound("Task " + taskId));
    audience.requireMaySee(user, task);
    return task;
  }

  private UserTask actionable(long taskId, String user) {
    UserTask task = visible(taskId, user);
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

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
