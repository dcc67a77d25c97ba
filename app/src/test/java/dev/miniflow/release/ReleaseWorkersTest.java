package dev.miniflow.release;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniflow.partner.PartnerUnavailableException;
import io.camunda.client.exception.JobError;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The pauses between publications to a partner that is down (no Spring, no engine). */
class ReleaseWorkersTest {
  static final PartnerUnavailableException DOWN =
      new PartnerUnavailableException("Partner answered 503", new java.io.IOException("503"));

  @Test
  void eachFailureUsesOneRetryAndDoublesThePauseFromTheConfiguredBackoff() {
    // the BPMN gives publishing 5 retries; the default backoff is 5 s
    assertThat(new org.springframework.boot.context.properties.bind.Binder().bindOrCreate("miniflow.partner",
        dev.miniflow.partner.PartnerSettings.class).retryBackoff()).isEqualTo(Duration.ofSeconds(5));
    Duration backoff = Duration.ofSeconds(5);
    int[] retriesLeft = {4, 3, 2, 1, 0};
    Duration[] pauses = {Duration.ofSeconds(5), Duration.ofSeconds(10), Duration.ofSeconds(20), Duration.ofSeconds(40),
        Duration.ofSeconds(80)};
    for (int retries = 5; retries >= 1; retries--) {
      JobError failure = ReleaseWorkers.partnerDown(retries, backoff, DOWN);
      assertThat(failure.getRetries()).as("retries left after a failure with %d", retries)
          .isEqualTo(retriesLeft[5 - retries]);
      assertThat(failure.getRetryBackoff()).as("pause after a failure with %d retries", retries)
          .isEqualTo(pauses[5 - retries]);
      assertThat(failure.getErrorMessage()).isEqualTo("Partner answered 503");
      assertThat(failure.getCause()).isSameAs(DOWN);
    }
  }

  @Test
  void thePauseFollowsTheConfiguredBackoffAndStopsGrowingAtSixtyFourTimesIt() {
    Duration backoff = Duration.ofMillis(250);
    assertThat(ReleaseWorkers.partnerDown(5, backoff, DOWN).getRetryBackoff()).isEqualTo(Duration.ofMillis(250));
    assertThat(ReleaseWorkers.partnerDown(1, backoff, DOWN).getRetryBackoff()).isEqualTo(Duration.ofSeconds(4));
    // more retries than the BPMN gives (a variant): the first pauses stay at the backoff
    assertThat(ReleaseWorkers.partnerDown(8, backoff, DOWN).getRetryBackoff()).isEqualTo(backoff);
    assertThat(ReleaseWorkers.partnerDown(8, backoff, DOWN).getRetries()).isEqualTo(7);
    // the cap: 2^6 times the backoff however many failures came before, and never fewer than 0 retries
    assertThat(ReleaseWorkers.partnerDown(0, backoff, DOWN).getRetryBackoff()).isEqualTo(Duration.ofSeconds(8));
    assertThat(ReleaseWorkers.partnerDown(-1, backoff, DOWN).getRetryBackoff()).isEqualTo(Duration.ofSeconds(16));
    assertThat(ReleaseWorkers.partnerDown(-20, backoff, DOWN).getRetryBackoff()).isEqualTo(Duration.ofSeconds(16));
    assertThat(ReleaseWorkers.partnerDown(-20, backoff, DOWN).getRetries()).isZero();
    // the tests' setting: retried at once
    assertThat(ReleaseWorkers.partnerDown(3, Duration.ZERO, DOWN).getRetryBackoff()).isZero();
  }
}
