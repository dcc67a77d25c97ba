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

  TaskApi(TaskQueries tasks, TaskActions actions) {
    this.tasks = tasks;
    this.actions = actions;
  }

  /**
   * A page of a queue (25 tasks), filtered and sorted; the header X-Has-Next-Page says whether
   * {@code page + 1} has more. Parameters: queue, process, miniProgram, targetApp, olderThanHours,
   * q, sort (CREATED, DUE, PRIORITY), desc, page, after. For reading a long queue to its end, the
   * header X-Next-After gives the {@code after} of the next page (keyset paging, open tasks in
   * arrival order): each page then costs what the first does.
   */
  @GetMapping
  ResponseEntity<List<UserTaskView>> queue(@ModelAttribute TaskFilter filter) {
    TaskQuery query = filter.toQuery();
    TaskQueries.TaskPage page = tasks.queue(query);
    var reply = ResponseEntity.ok().header(HAS_NEXT_PAGE, String.valueOf(page.hasNext()));
    if (page.hasNext() && query.pagesByKeyset()) {
      reply.header(NEXT_AFTER, TaskQuery.Position.of(page.tasks().getLast()).toString());
    }
    return reply.body(page.tasks().stream().map(UserTaskView::of).toList());
  }

  record TaskView(UserTaskView task, TaskForm form, TaskContextProvider.TaskContext context,
      List<TaskCommentView> comments) {}

  @GetMapping("/{id}")
  TaskView get(@PathVariable long id) {
    UserTask task = tasks.get(id);
    return new TaskView(UserTaskView.of(task), tasks.form(task).orElse(null), tasks.context(task).orElse(null),
        tasks.comments(task).stream().map(TaskCommentView::of).toList());
  }

  @PostMapping("/{id}/claim")
  UserTaskView claim(@PathVariable long id) {
    return UserTaskView.of(actions.claim(id));
  }

  @PostMapping("/{id}/unclaim")
  UserTaskView unclaim(@PathVariable long id) {
    return UserTaskView.of(actions.unclaim(id));
  }

  record Assignment(String assignee) {}

  /** Admins only: hands the task to one of its candidates. */
  @PostMapping("/{id}/assign")
  UserTaskView assign(@PathVariable long id, @RequestBody Assignment assignment) {
    return UserTaskView.of(actions.assign(id, assignment.assignee()));
  }

  record NewComment(String body) {}

  @PostMapping("/{id}/comments")
  TaskCommentView comment(@PathVariable long id, @RequestBody NewComment comment) {
    return TaskCommentView.of(actions.comment(id, comment.body()));
  }

  /** Body: the form's values, e.g. {"decision": "approve", "comment": "Looks good"}. */
  @PostMapping("/{id}/complete")
  UserTaskView complete(@PathVariable long id, @RequestBody Map<String, Object> values) {
    return UserTaskView.of(actions.complete(id, values));
  }
}
