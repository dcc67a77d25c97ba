package dev.miniflow.token;

import dev.miniflow.support.CallerToken;
import java.util.List;
import org.springframework.security.authentication.AbstractAuthenticationToken;
import org.springframework.security.core.authority.SimpleGrantedAuthority;

/**
 * A call made with a valid token: it runs as the token's owner (so every role check is the
 * owner's, as it stands now), narrowed to the token's scopes and, for a service token, its
 * workspace.
 */
final class TokenAuthentication extends AbstractAuthenticationToken implements CallerToken {
  private final AccessToken token;

  TokenAuthentication(AccessToken token) {
    super(List.of(new SimpleGrantedAuthority("ROLE_USER")));
    this.token = token;
    setAuthenticated(true);
  }

  AccessToken token() {
    return token;
  }

  boolean allows(TokenScope scope) {
    return token.scopes().contains(scope);
  }

  @Override
  public Object getCredentials() {
    return ""; // the secret is never kept past its check
  }

  @Override
  public Object getPrincipal() {
    return token.owner();
  }

  @Override
  public String auditName() {
    return token.auditName();
  }

  @Override
  public Long workspaceId() {
    return token.workspaceId();
  }
}
