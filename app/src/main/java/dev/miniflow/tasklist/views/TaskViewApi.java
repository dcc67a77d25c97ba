package dev.miniflow.tasklist.views;

import java.util.List;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** Saved views over the API; a view's filter takes the parameters of GET /api/v1/tasks. */
@RestController
class TaskViewApi {
  private final TaskViews views;

  TaskViewApi(TaskViews views) {
    this.views = views;
  }

  /**
   * Lists the task views the caller may use. Their own, and those shared with a role they hold, each with its current
   * count.
   */
  @GetMapping("/api/v1/task-views")
  List<TaskViews.Counted> visible() {
    return views.visible();
  }

  /** Reads one task view. For its owner and those it is shared with. */
  @GetMapping("/api/v1/task-views/{id}")
  SavedView get(@PathVariable long id) {
    return views.get(id);
  }

  /**
   * Saves a task view in a workspace. Body: {"name", "filter": {queue, process, miniProgram, targetApp,
   * olderThanHours, dueBefore, q, sort, desc}, "sharedRole"}.
   */
  @PostMapping("/api/v1/workspaces/{workspaceId}/task-views")
  @ResponseStatus(HttpStatus.CREATED)
  SavedView create(@PathVariable("workspaceId") long ws, @RequestBody TaskViews.NewView view) {
    return views.create(ws, view);
  }

  /** Changes a task view. Same body as for saving one; its owner only. */
  @PutMapping("/api/v1/task-views/{id}")
  SavedView update(@PathVariable long id, @RequestBody TaskViews.NewView view) {
    return views.update(id, view);
  }

  /** Deletes a task view. Its owner only. */
  @DeleteMapping("/api/v1/task-views/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@PathVariable long id) {
    views.delete(id);
  }

  record DefaultView(Long viewId) {}

  /** Sets the caller's default task view. Body: {"viewId": 12}, or {"viewId": null} for none. */
  @PutMapping("/api/v1/me/default-task-view")
  DefaultView setDefault(@RequestBody DefaultView choice) {
    views.setDefault(choice.viewId());
    return choice;
  }
}
