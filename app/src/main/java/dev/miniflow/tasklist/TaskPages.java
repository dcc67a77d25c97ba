package dev.miniflow.tasklist;

import dev.miniflow.monitor.InstanceHistory;
import dev.miniflow.processes.ProcessCatalog;
import dev.miniflow.processes.ProcessDefinitions;
import dev.miniflow.processes.ProcessVariants;
import static dev.miniflow.support.Flash.to;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.support.Flash;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.util.MultiValueMap;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
class TaskPages {
  private final TaskQueries tasks;
  private final TaskActions actions;
  private final InstanceHistory history;
  private final ProcessCatalog processes;
  private final ObjectMapper json;
  private final ProcessDefinitions definitions;

  TaskPages(TaskQueries tasks, TaskActions actions, InstanceHistory history, ProcessCatalog processes,
      ObjectMapper json, ProcessDefinitions definitions) {
    this.tasks = tasks;
    this.actions = actions;
    this.definitions = definitions;
    this.history = history;
    this.processes = processes;
    this.json = json;
  }

  @GetMapping("/tasks")
  String queue(@ModelAttribute("filter") TaskFilter filter, Model model) {
    fill(filter, model);
    model.addAttribute("queues", TaskQueries.Queue.values());
    model.addAttribute("sorts", TaskQuery.Sort.values());
    model.addAttribute("processIds", definitions.latestOfEach().stream()
        .map(d -> dev.miniflow.processes.ProcessVariants.kindOf(d.bpmnProcessId())).distinct().toList());
    return "tasklist/queue";
  }

  /** The queue's table alone, polled by the page so new tasks appear without a reload. */
  @GetMapping("/tasks/table")
  String table(@ModelAttribute("filter") TaskFilter filter, Model model) {
    fill(filter, model);
    return "tasklist/queue :: table";
  }

  private void fill(TaskFilter filter, Model model) {
    TaskQuery query = filter.toQuery();
    model.addAttribute("query", query);
    model.addAttribute("result", tasks.queue(query));
  }

  @GetMapping("/tasks/{id}")
  String task(@PathVariable long id, Model model) throws JsonProcessingException {
    UserTask task = tasks.get(id);
    model.addAttribute("task", task);
    model.addAttribute("form", tasks.form(task).orElse(null));
    model.addAttribute("context", tasks.context(task).orElse(null));
    model.addAttribute("comments", tasks.comments(task));
    model.addAttribute("events", tasks.history(task));
    model.addAttribute("steps", history.elements(task.processInstanceKey()).stream()
        .filter(e -> !InstanceHistory.isContainer(e))
        .map(e -> new Step(processes.elementName(task.processId(), e.elementId()), e.state(), e.startedAt()))
        .toList());
    Map<String, List<String>> diagram = new HashMap<>(history.diagramState(task.processInstanceKey()));
    diagram.remove("incidents");
    diagram.put("active", task.open() ? List.of(task.elementId()) : List.of());
    model.addAttribute("diagramJson", json.writeValueAsString(diagram));
    model.addAttribute("candidates", tasks.candidates(task));
    return "tasklist/task";
  }

  record Step(String name, String state, java.time.Instant at) {}

  @PostMapping("/tasks/{id}/claim")
  String claim(@PathVariable long id, RedirectAttributes flash) {
    return Flash.run(flash, "/tasks/" + id, () -> {
      actions.claim(id);
      return to("/tasks/" + id, "You claimed this task.");
    });
  }

  @PostMapping("/tasks/{id}/unclaim")
  String unclaim(@PathVariable long id, RedirectAttributes flash) {
    return Flash.run(flash, "/tasks/" + id, () -> {
      actions.unclaim(id);
      return to("/tasks?queue=AVAILABLE", "The task is back in its queue.");
    });
  }

  @PostMapping("/tasks/{id}/assign")
  String assign(@PathVariable long id, @RequestParam(required = false) String assignee, RedirectAttributes flash) {
    return Flash.run(flash, "/tasks/" + id, () -> {
      UserTask task = actions.assign(id, assignee);
      return to("/tasks/" + id, "Assigned to " + task.assignee() + ".");
    });
  }

  @PostMapping("/tasks/{id}/comments")
  String comment(@PathVariable long id, @RequestParam(required = false) String body, RedirectAttributes flash) {
    return Flash.run(flash, "/tasks/" + id, () -> {
      actions.comment(id, body);
      return to("/tasks/" + id + "#comments", "Comment added.");
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
      actions.complete(id, values);
      return to("/tasks?queue=COMPLETED", "Task completed.");
    });
  }
}
