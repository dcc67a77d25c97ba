package dev.miniflow.token;

import static dev.miniflow.support.Flash.to;

import dev.miniflow.support.CurrentUser;
import dev.miniflow.support.DomainException;
import dev.miniflow.support.Flash;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import dev.miniflow.workspace.WorkspaceService;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The tokens page: my personal tokens, and the service tokens of each workspace I administer. */
@Controller
class TokenPages {
  private final AccessTokens tokens;
  private final WorkspaceAccess access;
  private final WorkspaceService workspaces;

  TokenPages(AccessTokens tokens, WorkspaceAccess access, WorkspaceService workspaces) {
    this.tokens = tokens;
    this.access = access;
    this.workspaces = workspaces;
  }

  record ServiceTokens(long workspaceId, String workspaceName, List<AccessTokens.TokenView> tokens) {}

  @GetMapping("/tokens")
  String page(Model model) {
    model.addAttribute("personal", tokens.mine());
    model.addAttribute("service", access.workspacesWithRole(CurrentUser.username(), Role.ADMIN).stream()
        .map(ws -> new ServiceTokens(ws, workspaces.workspaceName(ws), tokens.ofWorkspace(ws))).toList());
    model.addAttribute("scopes", TokenScope.values());
    model.addAttribute("defaultDays", AccessTokens.DEFAULT_DAYS);
    model.addAttribute("maxDays", AccessTokens.MAX_DAYS);
    return "token/tokens";
  }

  /**
   * The new secret is shown in this answer itself, never kept for a redirect (a flash attribute
   * would sit in the session table until the next page), and the answer is not cached.
   */
  @PostMapping("/tokens")
  String create(@RequestParam(required = false) Long workspaceId, @RequestParam(required = false) String name,
      @RequestParam(required = false) List<String> scopes, @RequestParam(required = false) Integer expiresInDays,
      Model model, HttpServletResponse response, RedirectAttributes flash) {
    AccessTokens.CreatedToken created;
    try {
      var request = new AccessTokens.NewToken(name, scopes, expiresInDays);
      created = workspaceId == null ? tokens.createPersonal(request) : tokens.createService(workspaceId, request);
    } catch (DomainException e) {
      flash.addFlashAttribute("error", e.detail());
      return "redirect:/tokens";
    }
    response.setHeader("Cache-Control", "no-store");
    model.addAttribute("success", "Token '" + created.token().name() + "' made. Copy it now: it is not shown again.");
    model.addAttribute("newSecret", created.secret());
    return page(model);
  }

  @PostMapping("/tokens/{id}/revoke")
  String revoke(@PathVariable long id, @RequestParam(required = false) Long workspaceId, RedirectAttributes flash) {
    return Flash.run(flash, "/tokens", () -> {
      AccessTokens.TokenView token = workspaceId == null ? tokens.revokePersonal(id)
          : tokens.revokeService(workspaceId, id);
      return to("/tokens", "Token '" + token.name() + "' revoked: calls with it are refused from now on.");
    });
  }
}
