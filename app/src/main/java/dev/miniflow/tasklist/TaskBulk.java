package dev.miniflow.tasklist;

import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.DomainException;
import dev.miniflow.support.Problems;
import dev.miniflow.support.Text;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.springframework.stereotype.Service;

/**
 * Several tasks at once. Each task is acted on by {@link TaskActions} in its own transaction, with
 * all of its checks (state, permission, four-eyes), so one that fails leaves the others done and
 * is reported on its own. Deciding several at once is only for tasks of the same process step,
 * target app and environment: alike enough that one typed justification fits them all.
 */
@Service
class TaskBulk {
  static final int MAX_TASKS = 100;

  enum Action { CLAIM, UNCLAIM, ASSIGN, APPROVE, REJECT }

  /**
   * @param values further form values of a decision (rejection reasons, say)
   */
  record BulkRequest(Action action, List<Long> taskIds, String assignee, String justification,
      Map<String, Object> values) {}

  /** @param problem the problem's kind when it failed (CONFLICT, FORBIDDEN, …) */
  record BulkResult(long taskId, boolean done, String problem, String detail) {}

  record Outcome(int done, int failed, List<BulkResult> results) {}

  private final TaskActions actions;
  private final UserTaskStore store;
  private final TaskAudience audience;

  TaskBulk(TaskActions actions, UserTaskStore store, TaskAudience audience) {
    this.actions = actions;
    this.store = store;
    this.audience = audience;
  }

  Outcome run(BulkRequest request) {
    if (request == null || request.action() == null) {
      throw Problems.invalid("'action' is one of " + java.util.Arrays.toString(Action.values()) + ".");
    }
    List<Long> ids = ids(request.taskIds());
    Map<String, Object> decision = switch (request.action()) {
      case APPROVE, REJECT -> decision(request, ids);
      default -> null;
    };
    List<BulkResult> results = new ArrayList<>();
    for (long id : ids) {
      results.add(one(id, () -> {
        switch (request.action()) {
          case CLAIM -> actions.claim(id);
          case UNCLAIM -> actions.unclaim(id);
          case ASSIGN -> actions.assign(id, request.assignee());
          case APPROVE, REJECT -> actions.complete(id, decision);
        }
      }));
    }
    int done = (int) results.stream().filter(BulkResult::done).count();
    return new Outcome(done, results.size() - done, results);
  }

  private static BulkResult one(long id, Runnable action) {
    try {
      action.run();
      return new BulkResult(id, true, null, "done");
    } catch (DomainException e) {
      return new BulkResult(id, false, e.kind().name(), e.getMessage());
    }
  }

  /**
   * The values each task is completed with: the decision and the justification as its comment. The
   * tasks the user may see have to be of one step, target app and environment; the others fail on
   * their own when acted on.
   */
  private Map<String, Object> decision(BulkRequest request, List<Long> ids) {
    String justification = Text.prose(request.justification(), "justification", TaskActions.MAX_COMMENT);
    if (justification.length() < 3) {
      throw Problems
          .invalid("Deciding several tasks at once needs a typed justification; it becomes each task's comment.");
    }
    String user = CurrentUser.username();
    List<UserTask> tasks = ids.stream().map(store::find).flatMap(Optional::stream)
        .filter(t -> maySee(user, t)).toList();
    Map<Long, String> environments =
        tasks.isEmpty() ? Map.of() : store.environments(tasks.stream().map(UserTask::id).toList());
    var kinds = new LinkedHashSet<List<String>>();
    // a rejection cites its workspace's reasons: rejected together, tasks are of one workspace too
    boolean rejecting = request.action() == Action.REJECT;
    for (UserTask task : tasks) {
      List<String> kind = new ArrayList<>(java.util.Arrays.asList(task.processId(), task.elementId(),
          task.targetApp(), environments.get(task.id())));
      if (rejecting) {
        kind.add("workspace " + task.workspaceId());
      }
      kinds.add(kind);
    }
    if (kinds.size() > 1) {
      throw Problems.invalid("Tasks decided at once must be of the same process step, target app and environment"
          + (rejecting ? ", and rejected ones of the same workspace" : "") + "; these"
          + " are of " + kinds.size() + ": " + kinds.stream().map(k -> k.stream().map(v -> Objects.toString(v, "—"))
              .reduce((a, b) -> a + " / " + b).orElse("")).toList()
          + ".");
    }
    Map<String, Object> values = new LinkedHashMap<>(request.values() == null ? Map.of() : request.values());
    if (values.containsKey(dev.miniflow.tasklist.rejection.Rejections.RECHECKS)) {
      throw Problems.invalid("The checklist of an earlier rejection is answered task by task, not in bulk.");
    }
    values.put(TaskResult.DECISION, request.action() == Action.APPROVE ? "approve" : "reject");
    values.put(TaskResult.COMMENT, justification);
    return values;
  }

  private boolean maySee(String user, UserTask task) {
    try {
      audience.requireMaySee(user, task);
      return true;
    } catch (DomainException e) {
      return false;
    }
  }

  private static List<Long> ids(List<Long> requested) {
    if (requested == null || requested.isEmpty()) {
      throw Problems.invalid("'taskIds' names the tasks to act on.");
    }
    if (requested.size() > MAX_TASKS) {
      throw Problems.invalid("At most " + MAX_TASKS + " tasks at once.");
    }
    if (requested.stream().anyMatch(Objects::isNull)) {
      throw Problems.invalid("'taskIds' holds task ids (numbers).");
    }
    return List.copyOf(new LinkedHashSet<>(requested));
  }
}
