package dev.miniflow.tasklist;

import static dev.miniflow.support.Flash.to;

import dev.miniflow.support.Flash;
import java.util.HashMap;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
class TaskPages {
  private final TaskService tasks;

  TaskPages(TaskService tasks) {
    this.tasks = tasks;
  }

  @GetMapping("/tasks")
  String queue(@RequestParam(defaultValue = "AVAILABLE") TaskService.Queue queue, Model model) {
    model.addAttribute("queue", queue);
    model.addAttribute("tasks", tasks.queue(queue));
    model.addAttribute("queues", TaskService.Queue.values());
    return "tasklist/queue";
  }

  /** The queue's table alone, polled by the page so new tasks appear without a reload. */
  @GetMapping("/tasks/table")
  String table(@RequestParam(defaultValue = "AVAILABLE") TaskService.Queue queue, Model model) {
    model.addAttribute("queue", queue);
    model.addAttribute("tasks", tasks.queue(queue));
    return "tasklist/queue :: table";
  }

  @GetMapping("/tasks/{id}")
  String task(@PathVariable long id, Model model) {
    UserTask task = tasks.get(id);
    model.addAttribute("task", task);
    model.addAttribute("form", tasks.form(task).orElse(null));
    model.addAttribute("context", tasks.context(task).orElse(null));
    return "tasklist/task";
  }

  @PostMapping("/tasks/{id}/claim")
  String claim(@PathVariable long id, RedirectAttributes flash) {
    return Flash.run(flash, "/tasks/" + id, () -> {
      tasks.claim(id);
      return to("/tasks/" + id, "You claimed this task.");
    });
  }

  @PostMapping("/tasks/{id}/unclaim")
  String unclaim(@PathVariable long id, RedirectAttributes flash) {
    return Flash.run(flash, "/tasks/" + id, () -> {
      tasks.unclaim(id);
      return to("/tasks?queue=AVAILABLE", "The task is back in its queue.");
    });
  }

  @PostMapping("/tasks/{id}/complete")
  String complete(@PathVariable long id, @RequestParam MultiValueMap<String, String> params, RedirectAttributes flash) {
    Map<String, Object> values = new HashMap<>();
    params.forEach((key, list) -> {
      if (!key.equals("_csrf")) {
        values.put(key, list.getLast());
      }
    });
    return Flash.run(flash, "/tasks/" + id, () -> {
      tasks.complete(id, values);
      return to("/tasks?queue=COMPLETED", "Task completed.");
    });
  }
}
