package dev.miniflow.tasklist;

import org.springframework.modulith.NamedInterface;
import dev.miniflow.support.AuditEvent;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Problems;
import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Reading the task list: the current user's queues, a task with what belongs to it (form,
 * business context, comments, history, candidates), and the figures analytics shows. Nothing
 * here changes a task.
 */
@Service
@NamedInterface("api")
public class TaskQueries {
  private final java.time.Clock clock;
  private final UserTaskStore store;
  private final TaskSearch search;
  private final TaskAudience audience;
  private final TaskContexts contexts;
  private final AuditTrail audit;

  TaskQueries(UserTaskStore store, TaskSearch search, TaskAudience audience, TaskContexts contexts,
      AuditTrail audit,
      java.time.Clock clock) {
    this.clock = clock;
    this.store = store;
    this.search = search;
    this.audience = audience;
    this.contexts = contexts;
    this.audit = audit;
  }

  /** My claimed tasks; unassigned in my groups; all open tasks I may see (admins: their workspaces); completed by me. */
  public enum Queue {
    MINE, AVAILABLE, ALL, COMPLETED
  }

  /** One page of a queue, as of {@code asOf} (the clock's time when it was read: what is overdue). */
  public record TaskPage(List<UserTask> tasks, int page, boolean hasNext, java.time.Instant asOf) {
    public boolean overdue(UserTask task) {
      return task.dueAt() != null && task.open() && task.dueAt().isBefore(asOf);
    }
  }

  public TaskPage queue(TaskQuery query) {
    String user = CurrentUser.username();
    List<UserTask> found = search.search(query, user, audience.audienceOf(user), audience.adminWorkspaces(user),
        TaskQuery.PAGE_SIZE + 1);
    boolean hasNext = found.size() > TaskQuery.PAGE_SIZE;
    return new TaskPage(hasNext ? found.subList(0, TaskQuery.PAGE_SIZE) : found, query.page(), hasNext,
        clock.instant());
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

  /** Who could take the task: members holding its candidate groups' roles and its candidate users, minus the requester. */
  public List<String> candidates(UserTask task) {
    return audience.candidates(task);
  }

  /** The comments on all tasks about the task's business object, oldest first. */
  public List<TaskComment> comments(UserTask task) {
    return store.commentsAbout(task);
  }

  /** What happened to the tasks about the task's business object: created, claimed, completed, … */
  public List<AuditEvent> history(UserTask task) {
    return store.about(task).stream()
        .flatMap(t -> audit.forSubject(TaskAudit.SUBJECT, t.id()).stream())
        .sorted(Comparator.comparing(AuditEvent::occurredAt).thenComparing(AuditEvent::id))
        .toList();
  }

  public List<UserTask> ofProcessInstance(long processInstanceKey) {
    return store.ofProcessInstance(processInstanceKey);
  }

  /** Open tasks of a candidate group: how many, since when the oldest waits, how many are past due. */
  @NamedInterface("api")
  public record QueueStat(String group, long open, Instant oldest, long pastDue) {}

  /** For the analytics dashboard (the caller checks who may see it). */
  public List<QueueStat> queueStats(long workspaceId, Instant now) {
    return search.queueStats(workspaceId, now);
  }

  /** Open tasks past their due date, most overdue first. */
  public List<UserTask> pastDue(long workspaceId, Instant now) {
    return search.pastDue(workspaceId, now, 500);
  }

  /** Tasks completed in [from, to) after their due date. */
  public long completedLate(long workspaceId, Instant from, Instant to) {
    return search.completedLate(workspaceId, from, to);
  }

  /** The unfinished tasks about the business object in the process (or a workspace variant of it), oldest first. */
  public List<UserTask> openAbout(String processId, String businessKey) {
    return store.openAboutProcess(processId, businessKey);
  }
}
