package dev.miniflow.requests;

import dev.miniflow.support.CurrentUser;
import dev.miniflow.tasklist.TaskQueries;
import dev.miniflow.tasklist.UserTask;
import dev.miniflow.workspace.WorkspaceAccess;
import java.util.Comparator;
import java.util.List;
import org.springframework.stereotype.Service;

/**
 * Everything the current user asked for, in the workspaces they are still a member of, with the
 * step it waits at and who holds that step.
 */
@Service
class MyRequests {
  static final int LIMIT = 200;

  private final List<RequestSource> sources;
  private final WorkspaceAccess access;
  private final TaskQueries tasks;

  MyRequests(List<RequestSource> sources, WorkspaceAccess access, TaskQueries tasks) {
    this.sources = sources;
    this.access = access;
    this.tasks = tasks;
  }

  /**
   * @param nextStep the open human step it waits at, or null when it waits for nobody
   * @param heldBy who has that step: the person who claimed it, else the groups it is offered to
   */
  record MyRequest(Request request, String nextStep, String heldBy, List<CitedReason> rejectionReasons) {}

  /** A reason the latest rejection gave, and where in the package it points. */
  record CitedReason(String title, String description, String location) {}

  List<MyRequest> mine() {
    String user = CurrentUser.username();
    List<Long> workspaces = access.workspacesOf(user);
    if (workspaces.isEmpty()) {
      return List.of();
    }
    return sources.stream().flatMap(source -> source.requestedBy(user, workspaces, LIMIT).stream())
        .sorted(Comparator.comparing(Request::requestedAt).reversed()).limit(LIMIT)
        .map(this::withNextStep).toList();
  }

  private MyRequest withNextStep(Request request) {
    String key = String.valueOf(request.id());
    // only a rejected request has reasons to read
    List<CitedReason> reasons = !request.status().contains("REJECT") ? List.of()
        : tasks.rejectionReasonsAbout(request.workspaceId(), request.process(), key).stream()
            .map(c -> new CitedReason(c.reason().title(), c.reason().description(), c.location())).toList();
    List<UserTask> open = tasks.openAbout(request.process(), key);
    if (open.isEmpty()) {
      return new MyRequest(request, null, null, reasons);
    }
    UserTask task = open.getFirst();
    return new MyRequest(request, task.name(),
        task.assignee() != null ? task.assignee() : String.join(", ", task.candidateGroups()), reasons);
  }
}
