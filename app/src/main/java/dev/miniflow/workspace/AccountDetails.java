package dev.miniflow.workspace;

import org.springframework.security.core.userdetails.User;
import org.springframework.security.core.userdetails.UserDetails;
import org.springframework.security.core.userdetails.UserDetailsService;
import org.springframework.security.core.userdetails.UsernameNotFoundException;
import org.springframework.stereotype.Component;

/** Loads accounts for login. Roles are per workspace and checked by {@link WorkspaceAccess}. */
@Component
class AccountDetails implements UserDetailsService {
  private final Accounts accounts;

  AccountDetails(Accounts accounts) {
    this.accounts = accounts;
  }

  @Override
  public UserDetails loadUserByUsername(String username) {
    Account account = accounts.findByUsername(username)
        .orElseThrow(() -> new UsernameNotFoundException("No such user"));
    return User.withUsername(account.username())
        .password(account.passwordHash())
        .disabled(!account.enabled())
        .authorities("ROLE_USER")
        .build();
  }
}
