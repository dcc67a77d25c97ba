package dev.miniflow.tasklist.sla;

import static dev.miniflow.support.Flash.to;

import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.Flash;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import dev.miniflow.workspace.WorkspaceService;
import java.util.Set;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The page of a workspace's due dates per process step and target app. */
@Controller
class TaskSlaPages {
  private final TaskSchedules schedules;
  private final SlaSettings defaults;
  private final WorkspaceAccess access;
  private final WorkspaceService workspaces;

  TaskSlaPages(TaskSchedules schedules, SlaSettings defaults, WorkspaceAccess access, WorkspaceService workspaces) {
    this.schedules = schedules;
    this.defaults = defaults;
    this.access = access;
    this.workspaces = workspaces;
  }

  @GetMapping("/workspaces/{workspaceId}/slas")
  String page(@PathVariable("workspaceId") long ws, Model model) {
    model.addAttribute("slas", schedules.list(ws));
    model.addAttribute("defaults", defaults);
    model.addAttribute("workspaceId", ws);
    model.addAttribute("workspaceName", workspaces.workspaceName(ws));
    Set<Role> roles = access.rolesOf(CurrentUser.username(), ws);
    model.addAttribute("mayEdit", roles.contains(Role.PROCESS_OWNER) || roles.contains(Role.ADMIN));
    return "tasklist/slas";
  }

  @PostMapping("/workspaces/{workspaceId}/slas")
  String set(@PathVariable("workspaceId") long ws, @RequestParam(required = false) String processId,
      @RequestParam(required = false) String elementId, @RequestParam(required = false) String targetApp,
      @RequestParam(required = false) String dueWithin, @RequestParam(required = false) String remindBefore,
      RedirectAttributes flash) {
    String page = "/workspaces/" + ws + "/slas";
    return Flash.run(flash, page, () -> {
      Sla sla = schedules.set(ws, new TaskSchedules.NewSla(processId, elementId, targetApp, dueWithin, remindBefore));
      return to(page, "Due date of " + sla.processId() + " / " + sla.elementId() + " saved; new tasks get it.");
    });
  }

  @PostMapping("/workspaces/{workspaceId}/slas/{id}/delete")
  String remove(@PathVariable("workspaceId") long ws, @PathVariable long id, RedirectAttributes flash) {
    String page = "/workspaces/" + ws + "/slas";
    return Flash.run(flash, page, () -> {
      schedules.remove(ws, id);
      return to(page, "Removed: that step falls back to its default.");
    });
  }
}
