package dev.miniflow.tasklist;

import java.util.List;
import java.util.Map;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.bind.annotation.RestController;

@RestController
@RequestMapping("/api/v1/tasks")
class TaskApi {
  private final TaskService tasks;

  TaskApi(TaskService tasks) {
    this.tasks = tasks;
  }

  @GetMapping
  List<UserTask> queue(@RequestParam(defaultValue = "AVAILABLE") TaskService.Queue queue) {
    return tasks.queue(queue);
  }

  record TaskView(UserTask task, TaskForm form, TaskContextProvider.TaskContext context) {}

  @GetMapping("/{id}")
  TaskView get(@PathVariable long id) {
    UserTask task = tasks.get(id);
    return new TaskView(task, tasks.form(task).orElse(null), tasks.context(task).orElse(null));
  }

  @PostMapping("/{id}/claim")
  UserTask claim(@PathVariable long id) {
    return tasks.claim(id);
  }

  @PostMapping("/{id}/unclaim")
  UserTask unclaim(@PathVariable long id) {
    return tasks.unclaim(id);
  }

  /** Body: the form's values, e.g. {"decision": "approve", "comment": "Looks good"}. */
  @PostMapping("/{id}/complete")
  UserTask complete(@PathVariable long id, @RequestBody Map<String, Object> values) {
    return tasks.complete(id, values);
  }
}
