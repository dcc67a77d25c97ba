package dev.miniflow.workspace;

import dev.miniflow.support.CurrentUser;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Set;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.context.SecurityContextHolder;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ModelAttribute;

/** The roles a person holds in any workspace, so the navigation offers only the consoles they may use. */
@ControllerAdvice(annotations = org.springframework.stereotype.Controller.class)
class NavigationModel {
  private final WorkspaceAccess access;

  NavigationModel(WorkspaceAccess access) {
    this.access = access;
  }

  @ModelAttribute("navRoles")
  Set<String> navRoles(HttpServletRequest request) {
    // the advice also runs for @RestControllers: API calls render no navigation, so they ask nothing for it
    if (request.getRequestURI().startsWith(request.getContextPath() + "/api/")) {
      return Set.of();
    }
    var auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
      return Set.of();
    }
    String user = CurrentUser.username();
    Set<String> roles = new java.util.TreeSet<>();
    access.workspacesOf(user).forEach(ws -> access.rolesOf(user, ws).forEach(r -> roles.add(r.name())));
    if (access.hasPlatformRole(user, PlatformRole.ADMIN)) {
      roles.add("PLATFORM_ADMIN");
    }
    return roles;
  }
}
