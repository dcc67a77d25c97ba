package dev.miniflow.tasklist.views;

import static dev.miniflow.support.Flash.to;

import dev.miniflow.support.Flash;
import dev.miniflow.support.Problems;
import dev.miniflow.tasklist.TaskFilter;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** Saving, deleting and choosing the default of saved views from the task list page; its view list with counts. */
@Controller
class TaskViewPages {
  private final TaskViews views;

  TaskViewPages(TaskViews views) {
    this.views = views;
  }

  /** The views with their counts alone, refreshed by the queue page when tasks change. */
  @GetMapping("/tasks/views")
  String list(@RequestParam(required = false) Long view, Model model) {
    model.addAttribute("views", views.visible());
    model.addAttribute("activeView", view);
    return "tasklist/queue :: views";
  }

  @PostMapping("/tasks/views")
  String save(@ModelAttribute TaskFilter filter, @RequestParam(required = false) Long workspaceId,
      @RequestParam(required = false) String name, @RequestParam(required = false) String sharedRole,
      @RequestParam(required = false) boolean makeDefault, RedirectAttributes flash) {
    return Flash.run(flash, "/tasks", () -> {
      if (workspaceId == null) {
        throw Problems.invalid("Choose the workspace the view is of.");
      }
      SavedView view = views.create(workspaceId, new TaskViews.NewView(name, filter, sharedRole));
      if (makeDefault) {
        views.setDefault(view.id());
      }
      return to("/tasks?view=" + view.id(), "View '" + view.name() + "' saved"
          + (view.sharedRole() == null ? "." : ", shared with " + view.sharedRole() + "."));
    });
  }

  @PostMapping("/tasks/views/{id}/delete")
  String delete(@PathVariable long id, RedirectAttributes flash) {
    return Flash.run(flash, "/tasks", () -> {
      views.delete(id);
      return to("/tasks", "View deleted.");
    });
  }

  @PostMapping("/tasks/views/{id}/default")
  String makeDefault(@PathVariable long id, RedirectAttributes flash) {
    return Flash.run(flash, "/tasks?view=" + id, () -> {
      views.setDefault(id);
      return to("/tasks?view=" + id, "This view now opens when you open the task list.");
    });
  }
}
