package dev.miniflow.tasklist;

import org.springframework.modulith.NamedInterface;
import dev.miniflow.support.AuditEvent;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Problems;
import dev.miniflow.tasklist.rejection.Rejections;
import dev.miniflow.tasklist.sla.TaskForecast;
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
  private final Rejections rejections;
  private final TaskForecast forecast;

  TaskQueries(UserTaskStore store, TaskSearch search, TaskAudience audience, TaskContexts contexts,
      AuditTrail audit, java.time.Clock clock, Rejections rejections, TaskForecast forecast) {
    this.forecast = forecast;
    this.rejections = rejections;
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
  public record TaskPage(List<UserTask> tasks, int page, boolean hasNext, java.time.Instant asOf,
      java.util.Map<Long, TaskForecast.Forecast> forecasts) {
    public boolean overdue(UserTask task) {
      return task.dueAt() != null && task.open() && task.dueAt().isBefore(asOf);
    }

    /** Not overdue yet, but recent handling times say it will be. */
    public boolean likelyLate(UserTask task) {
      TaskForecast.Forecast forecast = forecasts.get(task.id());
      return forecast != null && forecast.late() && !overdue(task);
    }
  }

  public TaskPage queue(TaskQuery query) {
    String user = CurrentUser.username();
    TaskAudience.Reader reader = audience.reader(user);
    List<UserTask> found = search.search(query, user, reader.audience(), reader.adminWorkspaces(),
        TaskQuery.PAGE_SIZE + 1);
    boolean hasNext = found.size() > TaskQuery.PAGE_SIZE;
    List<UserTask> page = hasNext ? found.subList(0, TaskQuery.PAGE_SIZE) : found;
    return new TaskPage(page, query.page(), hasNext, clock.instant(), forecast.forecast(page));
  }

  /** How many tasks the current user's queue with these filters holds, counted up to {@code cap}. */
  public long count(TaskQuery query, int cap) {
    String user = CurrentUser.username();
    TaskAudience.Reader reader = audience.reader(user);
    return search.count(query, user, reader.audience(), reader.adminWorkspaces(), cap);
  }

  /** The task, if the current user may see it: a candidate, its assignee or completer, or a workspace admin. */
  public UserTask get(long taskId) {
    String user = CurrentUser.username();
    UserTask task = store.find(taskId).orElseThrow(() -> Problems.notFound("Task " + taskId));
    audience.requireMaySee(user, task);
    return task;
  }

  /**
   * An earlier rejection of the same mini program for the same target app: its reasons as the
   * reviewer's checklist, and what changed since the rejected object.
   */
  public record Resubmission(Rejections.Earlier earlier, List<TaskContextProvider.Section> changes,
      List<Rejections.Recheck> answers) {}

  public Optional<Resubmission> resubmission(UserTask task) {
    return rejections.earlier(task).map(e -> new Resubmission(e, contexts.changesSince(task, e.businessKey()),
        rejections.rechecks(task)));
  }

  /** The reasons a rejection of the task may pick (its workspace's active ones). */
  public List<dev.miniflow.tasklist.rejection.RejectionReason> rejectionReasons(UserTask task) {
    return rejections.offeredFor(task);
  }

  /** The reasons the latest rejection of a business object gave, for its requester (the caller checks access). */
  public List<Rejections.Cited> rejectionReasonsAbout(long workspaceId, String processId, String businessKey) {
    return rejections.about(workspaceId, processId, businessKey);
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

  /**
   * Whether the object the process instance runs (picked by the business key among its own) waits
   * for a human step now: its task may be about to open.
   */
  public boolean waitsForPeople(String processId, long processInstanceKey, String businessKey) {
    return contexts.provider(dev.miniflow.processes.ProcessVariants.kindOf(processId))
        .flatMap(p -> p.bind(processInstanceKey, businessKey)).isPresent();
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

  /**
   * Open tasks of the workspace not yet overdue that recent handling times say will miss their due
   * date (the {@code limit} due soonest), with their forecasts.
   */
  public java.util.Map<UserTask, TaskForecast.Forecast> likelyLate(long workspaceId, Instant now, int limit) {
    List<UserTask> dueLater = search.dueAfter(workspaceId, now, limit);
    java.util.Map<Long, TaskForecast.Forecast> forecasts = forecast.forecast(dueLater);
    java.util.Map<UserTask, TaskForecast.Forecast> late = new java.util.LinkedHashMap<>();
    dueLater.stream().filter(t -> forecasts.containsKey(t.id()) && forecasts.get(t.id()).late())
        .forEach(t -> late.put(t, forecasts.get(t.id())));
    return late;
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
