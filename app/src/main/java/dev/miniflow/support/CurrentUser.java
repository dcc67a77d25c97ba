package dev.miniflow.support;

import org.springframework.modulith.NamedInterface;
import org.springframework.security.authentication.AnonymousAuthenticationToken;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.context.SecurityContextHolder;

/** The user on whose behalf the current request runs. */
@NamedInterface("api")
public final class CurrentUser {
  private CurrentUser() {}

  public static String username() {
    Authentication auth = SecurityContextHolder.getContext().getAuthentication();
    if (auth == null || !auth.isAuthenticated() || auth instanceof AnonymousAuthenticationToken) {
      throw Problems.forbidden("You need to log in first.");
    }
    return auth.getName();
  }
}
