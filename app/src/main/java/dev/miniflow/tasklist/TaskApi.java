package dev.miniflow.tasklist;

import java.util.List;
import java.util.Map;
import org.springframework.http.ResponseEntity;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/tasks")
class TaskApi {
  static final String HAS_NEXT_PAGE = "X-Has-Next-Page";
  static final String NEXT_AFTER = "X-Next-After";
  private final TaskQueries tasks;
  private final TaskActions actions;
  private final TaskBulk bulk;

  TaskApi(TaskQueries tasks, TaskActions actions, TaskBulk bulk) {
    this.tasks = tasks;
    this.actions = actions;
    this.bulk = bulk;
  }

  /**
   * Acts on several tasks at once. Body: {"action": CLAIM|UNCLAIM|ASSIGN|APPROVE|REJECT, "taskIds": [..], "assignee"
   * (ASSIGN), "justification" (APPROVE, REJECT), "values" (further form values)}. Each task is checked and done on
   * its own; the answer says per task what happened.
   */
  @PostMapping("/bulk")
  TaskBulk.Outcome bulk(@RequestBody TaskBulk.BulkRequest request) {
    return bulk.run(request);
  }

  /**
   * Reads a page of a task queue. 25 tasks, filtered and sorted; the header X-Has-Next-Page says whether {@code page
   * + 1} has more. Parameters: queue, process, miniProgram, targetApp, olderThanHours, q, sort (CREATED, DUE,
   * PRIORITY), desc, page, after. For reading a long queue to its end, the header X-Next-After gives the {@code
   * after} of the next page (keyset paging, open tasks in arrival order): each page then costs what the first does.
   */
  @GetMapping
  ResponseEntity<List<UserTaskView>> queue(@ModelAttribute TaskFilter filter) {
    TaskQuery query = filter.toQuery();
    TaskQueries.TaskPage page = tasks.queue(query);
    var reply = ResponseEntity.ok().header(HAS_NEXT_PAGE, String.valueOf(page.hasNext()));
    if (page.hasNext() && query.pagesByKeyset()) {
      reply.header(NEXT_AFTER, TaskQuery.Position.of(page.tasks().getLast()).toString());
    }
    return reply.body(page.tasks().stream().map(t -> UserTaskView.of(t, page.forecasts().get(t.id()))).toList());
  }

  /**
   * @param rejectionReasons what a rejection of it may pick (values "rejectionReasons" on complete)
   * @param resubmission an earlier rejection of the same mini program for the same target app: its
   *     reasons to check ("rechecks" on complete) and the changes since
   */
  record TaskView(UserTaskView task, TaskForm form, TaskContextProvider.TaskContext context,
      List<TaskCommentView> comments, List<dev.miniflow.tasklist.rejection.RejectionReason> rejectionReasons,
      TaskQueries.Resubmission resubmission) {}

  /**
   * Reads one task with its form and context. The subject it is about, comments, the rejection reasons it may pick
   * and, for a resubmission, what to check again; for those who may see the task.
   */
  @GetMapping("/{id}")
  TaskView get(@PathVariable long id) {
    UserTask task = tasks.get(id);
    return new TaskView(UserTaskView.of(task), tasks.form(task).orElse(null), tasks.context(task).orElse(null),
        tasks.comments(task).stream().map(TaskCommentView::of).toList(), tasks.rejectionReasons(task),
        tasks.resubmission(task).orElse(null));
  }

  /** Claims a task. For its candidates; someone else's claim is a conflict (409). */
  @PostMapping("/{id}/claim")
  UserTaskView claim(@PathVariable long id) {
    return UserTaskView.of(actions.claim(id));
  }

  /** Gives a claimed task back to its queue. For its assignee. */
  @PostMapping("/{id}/unclaim")
  UserTaskView unclaim(@PathVariable long id) {
    return UserTaskView.of(actions.unclaim(id));
  }

  record Assignment(String assignee) {}

  /** Assigns a task to one of its candidates. Body: {"assignee"}; workspace admins only. */
  @PostMapping("/{id}/assign")
  UserTaskView assign(@PathVariable long id, @RequestBody Assignment assignment) {
    return UserTaskView.of(actions.assign(id, assignment.assignee()));
  }

  record NewComment(String body) {}

  /** Comments on a task. Body: {"body"}; for those who may see the task. */
  @PostMapping("/{id}/comments")
  TaskCommentView comment(@PathVariable long id, @RequestBody NewComment comment) {
    return TaskCommentView.of(actions.comment(id, comment.body()));
  }

  /**
   * Completes a task with its form's values. Body: the form's values, e.g. {"decision": "approve", "comment": "Looks
   * good"}. For its assignee; nobody decides on their own request.
   */
  @PostMapping("/{id}/complete")
  UserTaskView complete(@PathVariable long id, @RequestBody Map<String, Object> values) {
    return UserTaskView.of(actions.complete(id, values));
  }
}
