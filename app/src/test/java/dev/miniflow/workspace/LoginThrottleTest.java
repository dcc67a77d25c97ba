package dev.miniflow.workspace;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.argThat;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.times;
import static org.mockito.Mockito.verify;

import dev.miniflow.support.AuditTrail;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.springframework.transaction.PlatformTransactionManager;

/** The throttle's rules on their own: per account, per address, and the lockout audited once. */
class LoginThrottleTest {
  final AuditTrail audit = mock(AuditTrail.class);
  final LoginThrottle throttle =
      new LoginThrottle(new LoginSettings(3, 10, Duration.ofMinutes(15)), mock(WorkspaceAccess.class), audit,
          mock(PlatformTransactionManager.class));

  @Test
  void anAccountIsLockedOutAfterItsFailuresWhateverTheAddress() {
    for (int i = 0; i < 3; i++) {
      assertThat(throttle.lockedOut("Alice", "10.0.0." + i)).isEmpty();
      throttle.failed("Alice", "10.0.0." + i);
    }
    assertThat(throttle.lockedOut("alice", "192.0.2.7"))
        .hasValueSatisfying(wait -> assertThat(wait).isPositive().isLessThanOrEqualTo(Duration.ofMinutes(15)));
    assertThat(throttle.lockedOut("bob", "192.0.2.7")).isEmpty();
    verify(audit, times(1)).record(eq("alice"),
        argThat(action -> action.code().equals("login.locked-out") && action.subjectType().equals("account")),
        eq("alice"), any(), any());
  }

  @Test
  void anAddressIsLockedOutAfterItsFailuresWhateverTheAccount() {
    for (int i = 0; i < 10; i++) {
      throttle.failed("user" + i, "198.51.100.1");
    }
    assertThat(throttle.lockedOut("someone-else", "198.51.100.1")).isPresent();
    assertThat(throttle.lockedOut("someone-else", "198.51.100.2")).isEmpty();
  }
}
