package dev.miniflow.tasklist;

import dev.miniflow.monitor.InstanceHistory;
import dev.miniflow.processes.ProcessCatalog;
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
import org.springframework.web.bind.annotation.RequestHeader;
import org.springframework.web.bind.annotation.RequestParam;
import dev.miniflow.tasklist.rejection.Rejections;
import dev.miniflow.tasklist.views.TaskViews;
import jakarta.servlet.http.HttpServletRequest;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

@Controller
class TaskPages {
  private final TaskQueries tasks;
  private final TaskActions actions;
  private final InstanceHistory history;
  private final ProcessCatalog processes;
  private final ObjectMapper json;
  private final TaskViews views;
  private final TaskBulk bulk;
  private final FormChoices choices;

  TaskPages(TaskQueries tasks, TaskActions actions, InstanceHistory history, ProcessCatalog processes,
      ObjectMapper json, TaskViews views, TaskBulk bulk, FormChoices choices) {
    this.tasks = tasks;
    this.actions = actions;
    this.views = views;
    this.bulk = bulk;
    this.choices = choices;
    this.history = history;
    this.processes = processes;
    this.json = json;
  }

  /**
   * A queue with its filters, or a saved view ({@code view}); with no parameters at all, the
   * user's default view if they chose one.
   */
  @GetMapping("/tasks")
  String queue(@ModelAttribute("filter") TaskFilter filter, @RequestParam(required = false) Long view,
      HttpServletRequest request, Model model) {
    Long active = view;
    TaskFilter applied = filter;
    if (view != null) {
      applied = views.get(view).filter().onPage(filter.page());
    } else if (request.getQueryString() == null) {
      var chosen = views.defaultView();
      if (chosen.isPresent()) {
        applied = chosen.get().filter();
        active = chosen.get().id();
      }
    }
    fill(applied, active, model);
    model.addAttribute("queues", TaskQueries.Queue.values());
    model.addAttribute("sorts", TaskQuery.Sort.values());
    model.addAttribute("processIds", choices.processKinds());
    model.addAttribute("views", views.visible());
    model.addAttribute("activeView", active);
    model.addAttribute("myWorkspaces", choices.myWorkspaces());
    model.addAttribute("bulkReasons", choices.rejectionReasons());
    model.addAttribute("roles", dev.miniflow.workspace.Role.values());
    return "tasklist/queue";
  }

  /** The queue's table alone, read again by the page when tasks change (server-sent events, else polling). */
  @GetMapping("/tasks/table")
  String table(@ModelAttribute("filter") TaskFilter filter, @RequestParam(required = false) Long view, Model model) {
    fill(view == null ? filter : views.get(view).filter().onPage(filter.page()), view, model);
    return "tasklist/queue :: table";
  }

  private void fill(TaskFilter filter, Long view, Model model) {
    TaskQuery query = filter.toQuery();
    model.addAttribute("query", query);
    model.addAttribute("result", tasks.queue(query));
    model.addAttribute("links", new QueueLinks(filter, view));
    model.addAttribute("dueBeforeDate", query.dueBefore() == null ? null
        : java.time.LocalDate.ofInstant(query.dueBefore(), java.time.ZoneOffset.UTC));
  }

  /**
   * Several tasks at once from the queue page; the result of each is told in the message. A
   * rejection carries the reasons picked ({@code reason}); each task checks they are its workspace's.
   */
  @PostMapping("/tasks/bulk")
  String bulk(@RequestParam(required = false) TaskBulk.Action action,
      @RequestParam(required = false) List<Long> taskIds, @RequestParam(required = false) String assignee,
      @RequestParam(required = false) String justification,
      @RequestParam(name = "reason", required = false) List<Long> reasons,
      @RequestParam(required = false) String back, RedirectAttributes flash) {
    String to = QueueLinks.safeBack(back);
    Map<String, Object> values = action != TaskBulk.Action.REJECT || reasons == null || reasons.isEmpty() ? null
        : Map.of(Rejections.REASONS, reasons.stream().filter(java.util.Objects::nonNull)
            .map(id -> Map.of("reasonId", id)).toList());
    return Flash.run(flash, to, () -> {
      TaskBulk.Outcome outcome = bulk.run(new TaskBulk.BulkRequest(action, taskIds, assignee, justification, values));
      String failures = outcome.results().stream().filter(r -> !r.done())
          .map(r -> "task " + r.taskId() + ": " + r.detail()).collect(java.util.stream.Collectors.joining(" "));
      if (outcome.failed() > 0) {
        flash.addFlashAttribute("error", outcome.failed() + " not done. " + failures);
      }
      return to(to, outcome.done() + " of " + outcome.results().size() + " done.");
    });
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
    model.addAttribute("rejectionReasons", tasks.rejectionReasons(task));
    model.addAttribute("resubmission", tasks.resubmission(task).orElse(null));
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

  /** From the task pane beside the queue (htmx), every action comes back to the task itself. */
  @PostMapping("/tasks/{id}/unclaim")
  String unclaim(@PathVariable long id, @RequestHeader(value = "HX-Request", required = false) String pane,
      RedirectAttributes flash) {
    return Flash.run(flash, "/tasks/" + id, () -> {
      actions.unclaim(id);
      return to(pane != null ? "/tasks/" + id : "/tasks?queue=AVAILABLE", "The task is back in its queue.");
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

  /**
   * The form's fields, and Miniflow's own: rejection reasons ({@code reason} with
   * {@code location-<id>}) and the checklist of an earlier rejection ({@code fixed-<id>}).
   */
  @PostMapping("/tasks/{id}/complete")
  String complete(@PathVariable long id, @RequestParam MultiValueMap<String, String> params,
      @RequestHeader(value = "HX-Request", required = false) String pane, RedirectAttributes flash) {
    Map<String, Object> values = new HashMap<>();
    List<Map<String, Object>> reasons = new java.util.ArrayList<>();
    List<Map<String, Object>> rechecks = new java.util.ArrayList<>();
    params.forEach((key, list) -> {
      if (key.equals("reason")) {
        list.stream().filter(v -> !v.isBlank()).forEach(reason -> {
          Map<String, Object> picked = new HashMap<>();
          picked.put("reasonId", reason);
          picked.put("location", params.getFirst("location-" + reason));
          reasons.add(picked);
        });
      } else if (key.startsWith("fixed-")) {
        rechecks.add(Map.of("reasonId", key.substring("fixed-".length()), "fixed", "yes".equals(list.getLast())));
      } else if (!key.equals("_csrf") && !key.startsWith("location-")) {
        values.put(key, list.getLast());
      }
    });
    if (!reasons.isEmpty()) {
      values.put(Rejections.REASONS, reasons);
    }
    if (!rechecks.isEmpty()) {
      values.put(Rejections.RECHECKS, rechecks);
    }
    return Flash.run(flash, "/tasks/" + id, () -> {
      actions.complete(id, values);
      return to(pane != null ? "/tasks/" + id : "/tasks?queue=COMPLETED", "Task completed.");
    });
  }
}
