package dev.miniflow.tasklist.sla;

import dev.miniflow.tasklist.TaskAudit;
import dev.miniflow.engine.StepRefused;
import dev.miniflow.notification.Inbox;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.tasklist.TaskQueries;
import dev.miniflow.tasklist.UserTask;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * What the models' SLA timers do: remind the people of a step before it is due, and escalate it to
 * the workspace admins once it is overdue (and move it up the queues). The tasks are the open ones
 * of the timer's own process instance about the object its business key picks among them; each is
 * reminded and escalated once.
 */
@Service
class TaskReminders {
  /** An escalated task comes before the usual ones (priority 50) in queues sorted by priority. */
  static final int ESCALATED_PRIORITY = 90;
  /** The due date and the timer are reckoned a moment apart (the task opens after its job): this much is "due". */
  static final java.time.Duration DUE_TOLERANCE = java.time.Duration.ofMinutes(1);

  private final TaskQueries tasks;
  private final SlaStore store;
  private final Inbox inbox;
  private final WorkspaceAccess access;
  private final AuditTrail audit;

  TaskReminders(TaskQueries tasks, SlaStore store, Inbox inbox, WorkspaceAccess access, AuditTrail audit) {
    this.tasks = tasks;
    this.store = store;
    this.inbox = inbox;
    this.access = access;
    this.audit = audit;
  }

  @Transactional
  public int remind(String processId, long processInstanceKey, String businessKey) {
    int reminded = 0;
    for (UserTask task : open(processId, processInstanceKey, businessKey)) {
      if (task.dueAt() == null || !store.markReminded(task.id())) {
        continue;
      }
      Set<String> people =
          task.assignee() != null ? Set.of(task.assignee()) : new LinkedHashSet<>(tasks.candidates(task));
      String due = task.dueAt() == null ? "soon" : "at " + task.dueAt();
      for (String person : people) {
        inbox.send(task.workspaceId(), person, "task-" + task.id() + "-reminder-" + person,
            "Due " + due + ": " + task.name(), task.name() + (task.subject() == null ? "" : " (" + task.subject() + ")")
                + " is due " + due + ".",
            "/tasks/" + task.id());
      }
      audit.record(AuditTrail.SYSTEM, TaskAudit.REMINDED, task.id(), task.workspaceId(),
          task.name() + ": reminded " + String.join(", ", people));
      reminded++;
    }
    return reminded;
  }

  /**
   * Escalates the open tasks past their due date by the engine's clock ({@code engineNow}); a timer
   * a model fires earlier escalates nothing.
   */
  @Transactional
  public int escalate(String processId, long processInstanceKey, String businessKey, java.time.Instant engineNow) {
    int escalated = 0;
    for (UserTask task : open(processId, processInstanceKey, businessKey)) {
      boolean due = task.dueAt() != null && !task.dueAt().isAfter(engineNow.plus(DUE_TOLERANCE));
      if (!due || !store.markEscalated(task.id(), ESCALATED_PRIORITY)) {
        continue;
      }
      List<String> admins = access.membersWithRole(task.workspaceId(), Role.ADMIN).stream()
          .filter(a -> !task.excluded().contains(a)).toList();
      for (String admin : admins) {
        inbox.send(task.workspaceId(), admin, "task-" + task.id() + "-escalated-" + admin,
            "Overdue: " + task.name(), task.name() + (task.subject() == null ? "" : " (" + task.subject() + ")")
                + " is past its due date" + (task.assignee() == null ? " and nobody has claimed it."
                    : "; " + task.assignee() + " holds it."),
            "/tasks/" + task.id());
      }
      audit.record(AuditTrail.SYSTEM, TaskAudit.ESCALATED, task.id(), task.workspaceId(),
          task.name() + ": overdue, escalated to " + String.join(", ", admins));
      escalated++;
    }
    return escalated;
  }

  /**
   * The open tasks of the instance about the object. Its task not recorded yet (a timer that fires
   * at once, for a review already past due when its instance was recreated): tried again later. A
   * timer of an instance whose object waits for nobody and never had a task (a model pointing it
   * elsewhere) is refused.
   */
  private List<UserTask> open(String processId, long processInstanceKey, String businessKey) {
    List<UserTask> about = tasks.ofProcessInstance(processInstanceKey).stream()
        .filter(t -> businessKey != null && businessKey.equals(t.businessKey())).toList();
    if (about.isEmpty() && businessKey != null && tasks.waitsForPeople(processId, processInstanceKey, businessKey)) {
      throw new IllegalStateException("The task of process instance " + processInstanceKey + " about '" + businessKey
          + "' is not recorded yet; the reminder is tried again");
    }
    if (about.isEmpty()) {
      throw new StepRefused("No task of this process instance is about "
          + (businessKey == null ? "nothing" : "'" + businessKey + "'") + ": nothing to remind or escalate", null,
          "process-instance", processInstanceKey);
    }
    return about.stream().filter(UserTask::open).toList();
  }
}
