package dev.miniflow.tasklist.sla;

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
  public int remind(long processInstanceKey, String businessKey) {
    int reminded = 0;
    for (UserTask task : open(processInstanceKey, businessKey)) {
      if (!store.markReminded(task.id())) {
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
      audit.record(AuditTrail.SYSTEM, SlaAudit.REMINDED, task.id(), task.workspaceId(),
          task.name() + ": reminded " + String.join(", ", people));
      reminded++;
    }
    return reminded;
  }

  @Transactional
  public int escalate(long processInstanceKey, String businessKey) {
    int escalated = 0;
    for (UserTask task : open(processInstanceKey, businessKey)) {
      if (!store.markEscalated(task.id(), ESCALATED_PRIORITY)) {
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
      audit.record(AuditTrail.SYSTEM, SlaAudit.ESCALATED, task.id(), task.workspaceId(),
          task.name() + ": overdue, escalated to " + String.join(", ", admins));
      escalated++;
    }
    return escalated;
  }

  /**
   * The open tasks of the instance about the object; a timer of an instance that never had a task
   * about it (a model pointing it elsewhere) is refused.
   */
  private List<UserTask> open(long processInstanceKey, String businessKey) {
    List<UserTask> about = tasks.ofProcessInstance(processInstanceKey).stream()
        .filter(t -> businessKey != null && businessKey.equals(t.businessKey())).toList();
    if (about.isEmpty()) {
      throw new StepRefused("No task of this process instance is about "
          + (businessKey == null ? "nothing" : "'" + businessKey + "'") + ": nothing to remind or escalate", null,
          "process-instance", processInstanceKey);
    }
    return about.stream().filter(UserTask::open).toList();
  }
}
