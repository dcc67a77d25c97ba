package dev.miniflow.workspace;

import dev.miniflow.support.CurrentUser;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

@Controller
class HomePage {
  private final WorkspaceAccess access;
  private final WorkspaceService workspaces;

  HomePage(WorkspaceAccess access, WorkspaceService workspaces) {
    this.access = access;
    this.workspaces = workspaces;
  }

  /** Most people work in one workspace: take them straight to it. */
  @GetMapping("/")
  String home(Model model) {
    List<Long> mine = access.workspacesOf(CurrentUser.username());
    if (mine.size() == 1) {
      return "redirect:/workspaces/" + mine.getFirst() + "/mini-programs";
    }
    model.addAttribute("workspaces", mine.stream().map(id -> new Entry(id, workspaces.workspaceName(id))).toList());
    return "workspace/home";
  }

  record Entry(long id, String name) {}
}
