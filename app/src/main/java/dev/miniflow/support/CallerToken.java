package dev.miniflow.support;

import java.util.Optional;
import org.springframework.modulith.NamedInterface;
import org.springframework.security.core.context.SecurityContextHolder;

/**
 * The access token the current call was made with, if any (the token feature's authentication
 * implements it). The audit trail names it beside the actor; the workspace access policy keeps a
 * service token inside its one workspace.
 */
@NamedInterface("api")
public interface CallerToken {
  /** How the audit trail names the token, e.g. "token 12 'ci-upload'". */
  String auditName();

  /** The one workspace a service token acts in; null for a personal token (all of its owner's). */
  Long workspaceId();

  /**
   * The one workspace {@code username} may act in during this call: the workspace of the service
   * token they call with. Empty when they are not limited (a login, a personal token, or another
   * user than the caller).
   */
  static Optional<Long> onlyWorkspaceOf(String username) {
    var auth = SecurityContextHolder.getContext().getAuthentication();
    return current().filter(token -> token.workspaceId() != null && auth.getName().equals(username))
        .map(CallerToken::workspaceId);
  }

  static Optional<CallerToken> current() {
    return SecurityContextHolder.getContext().getAuthentication() instanceof CallerToken token
        ? Optional.of(token)
        : Optional.empty();
  }
}
