package dev.miniflow.tasklist;

import dev.miniflow.notification.Inbox;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Component;

/**
 * The people a task is for: who may see it and who may take it (workspace roles and the task's
 * candidates, minus its four-eyes exclusions), and telling them. Queries, actions and intake
 * share it, so they cannot disagree about who a task is for.
 */
@Component
class TaskAudience {
  private final WorkspaceAccess access;
  private final Inbox inbox;

  TaskAudience(WorkspaceAccess access, Inbox inbox) {
    this.access = access;
    this.inbox = inbox;
  }

  /** Passes for a candidate of the task, its assignee or completer, or a workspace admin. */
  void requireMaySee(String user, UserTask task) {
    access.requireMember(task.workspaceId(), "Task " + task.id());
    if (!isCandidate(user, task) && !user.equals(task.assignee()) && !user.equals(task.completedBy())
        && !isAdmin(user, task)) {
      throw Problems.forbidden("This task is for " + candidatesText(task) + ".");
    }
  }

  boolean isCandidate(String user, UserTask task) {
    if (task.candidateUsers().contains(user) && !access.rolesOf(user, task.workspaceId()).isEmpty()) {
      return true;
    }
    Set<String> groups = access.groupsOf(user, task.workspaceId());
    return task.candidateGroups().stream().anyMatch(groups::contains);
  }

  boolean isAdmin(String user, UserTask task) {
    return access.rolesOf(user, task.workspaceId()).contains(Role.ADMIN);
  }

  static String candidatesText(UserTask task) {
    List<String> all = new ArrayList<>(task.candidateGroups());
    all.addAll(task.candidateUsers());
    return String.join(", ", all);
  }

  /** Who could take the task: members holding its candidate groups' roles and its candidate users, minus the requester. */
  List<String> candidates(UserTask task) {
    Set<String> candidates = new TreeSet<>(task.candidateUsers());
    task.candidateGroups().forEach(group -> Role.ofGroup(group)
        .ifPresent(role -> candidates.addAll(access.membersWithRole(task.workspaceId(), role))));
    candidates.removeAll(task.excluded());
    return List.copyOf(candidates);
  }

  /**
   * Whose tasks a reader sees: their entries in the tasks' audience arrays ({@code
   * <workspace>:<group>}, {@code <workspace>:user:<name>}) and the workspaces whose open tasks they
   * see all of (as admin). One membership query: every queue call starts here.
   */
  record Reader(List<String> audience, List<Long> adminWorkspaces) {}

  Reader reader(String user) {
    List<String> audience = new ArrayList<>();
    List<Long> admin = new ArrayList<>();
    access.membershipsOf(user).forEach((ws, roles) -> {
      roles.stream().map(Role::group).distinct().forEach(g -> audience.add(ws + ":" + g));
      audience.add(ws + ":user:" + user);
      if (roles.contains(Role.ADMIN)) {
        admin.add(ws);
      }
    });
    return new Reader(List.copyOf(audience), List.copyOf(admin));
  }

  /** Everyone who could pick the task up hears of it, except the person it is about. */
  void tellCandidates(UserTask task) {
    Set<String> candidates = new TreeSet<>(candidates(task));
    if (task.assignee() != null && !task.excluded().contains(task.assignee())) {
      candidates.add(task.assignee());
    }
    String about = task.subject() == null ? "" : ": " + task.subject();
    // one statement for all of them: the task only becomes visible when this transaction commits
    inbox.sendEach(task.workspaceId(), candidates, "task-" + task.id() + "-", "New task " + task.name() + about,
        task.name() + about + (task.initiator() == null ? "" : ", asked by " + task.initiator()) + ".",
        "/tasks/" + task.id());
  }

  /** The new assignee hears who handed them the task (the task as it was before the assignment). */
  void tellAssigned(UserTask task, String by, String to) {
    inbox.send(task.workspaceId(), to, "task-" + task.id() + "-assigned-" + task.lockVersion() + "-" + to,
        "Assigned to you: " + task.name(),
        by + " assigned " + task.name() + (task.subject() == null ? "" : " (" + task.subject() + ")") + " to you.",
        "/tasks/" + task.id());
  }
}
