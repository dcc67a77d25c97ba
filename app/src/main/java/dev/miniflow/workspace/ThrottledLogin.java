package dev.miniflow.workspace;

import dev.miniflow.support.TooManyLoginAttempts;
import org.springframework.security.authentication.AuthenticationProvider;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.dao.DaoAuthenticationProvider;
import org.springframework.security.core.Authentication;
import org.springframework.security.core.AuthenticationException;
import org.springframework.security.crypto.password.PasswordEncoder;
import org.springframework.security.web.authentication.WebAuthenticationDetails;
import org.springframework.stereotype.Component;

/**
 * Form and Basic logins go through the {@link LoginThrottle}: a locked-out account or address is
 * refused before its password is looked at, and every wrong password (or unknown name) counts.
 */
@Component
class ThrottledLogin implements AuthenticationProvider {
  private final DaoAuthenticationProvider passwords;
  private final LoginThrottle throttle;

  ThrottledLogin(AccountDetails accounts, PasswordEncoder encoder, LoginThrottle throttle) {
    this.passwords = new DaoAuthenticationProvider(encoder);
    this.passwords.setUserDetailsService(accounts);
    this.throttle = throttle;
  }

  @Override
  public Authentication authenticate(Authentication login) throws AuthenticationException {
    String address = login.getDetails() instanceof WebAuthenticationDetails web ? web.getRemoteAddress() : null;
    var locked = throttle.lockedOut(login.getName(), address);
    if (locked.isPresent()) {
      throw new TooManyLoginAttempts(locked.get());
    }
    try {
      return passwords.authenticate(login);
    } catch (BadCredentialsException e) {
      throttle.failed(login.getName(), address);
      throw e;
    }
  }

  @Override
  public boolean supports(Class<?> authentication) {
    return passwords.supports(authentication);
  }
}
