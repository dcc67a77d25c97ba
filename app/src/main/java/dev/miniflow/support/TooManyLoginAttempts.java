package dev.miniflow.support;

import org.springframework.modulith.NamedInterface;
import java.time.Duration;
import org.springframework.security.core.AuthenticationException;

/** A login refused without checking the password: the account or the client address is locked out for a while. */
@NamedInterface("api")
public class TooManyLoginAttempts extends AuthenticationException {
  private final Duration retryAfter;

  public TooManyLoginAttempts(Duration retryAfter) {
    super("Too many failed logins for this account or from this address: try again in "
        + Math.max(1, (retryAfter.toSeconds() + 59) / 60) + " minute(s).");
    this.retryAfter = retryAfter;
  }

  public Duration retryAfter() {
    return retryAfter;
  }
}
