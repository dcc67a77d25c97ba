package dev.miniflow.tasklist.rejection;

import static dev.miniflow.support.Flash.to;

import dev.miniflow.support.Flash;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import dev.miniflow.workspace.WorkspaceService;
import dev.miniflow.support.CurrentUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The page of a workspace's rejection reasons; process owners add, edit and retire them. */
@Controller
class RejectionReasonPages {
  private static final String PAGE = "/workspaces/{workspaceId}/rejection-reasons";
  private final Rejections rejections;
  private final WorkspaceAccess access;
  private final WorkspaceService workspaces;

  RejectionReasonPages(Rejections rejections, WorkspaceAccess access, WorkspaceService workspaces) {
    this.rejections = rejections;
    this.access = access;
    this.workspaces = workspaces;
  }

  @GetMapping(PAGE)
  String page(@PathVariable("workspaceId") long ws, Model model) {
    model.addAttribute("reasons", rejections.reasons(ws));
    model.addAttribute("workspaceId", ws);
    model.addAttribute("workspaceName", workspaces.workspaceName(ws));
    model.addAttribute("mayEdit", access.rolesOf(CurrentUser.username(), ws).contains(Role.PROCESS_OWNER));
    return "tasklist/rejection-reasons";
  }

  @PostMapping(PAGE)
  String add(@PathVariable("workspaceId") long ws, @RequestParam(required = false) String title,
      @RequestParam(required = false) String description, RedirectAttributes flash) {
    String page = "/workspaces/" + ws + "/rejection-reasons";
    return Flash.run(flash, page, () -> {
      RejectionReason reason = rejections.add(ws, new Rejections.NewReason(title, description));
      return to(page, "Reason '" + reason.title() + "' added.");
    });
  }

  @PostMapping(PAGE + "/{id}")
  String edit(@PathVariable("workspaceId") long ws, @PathVariable long id, @RequestParam(required = false) String title,
      @RequestParam(required = false) String description, RedirectAttributes flash) {
    String page = "/workspaces/" + ws + "/rejection-reasons";
    return Flash.run(flash, page, () -> {
      RejectionReason reason = rejections.edit(ws, id, new Rejections.NewReason(title, description));
      return to(page, "Reason '" + reason.title() + "' saved.");
    });
  }

  @PostMapping(PAGE + "/{id}/retire")
  String retire(@PathVariable("workspaceId") long ws, @PathVariable long id, RedirectAttributes flash) {
    String page = "/workspaces/" + ws + "/rejection-reasons";
    return Flash.run(flash, page, () -> {
      RejectionReason reason = rejections.retire(ws, id);
      return to(page, "Reason '" + reason.title() + "' retired: it is no longer offered.");
    });
  }
}
