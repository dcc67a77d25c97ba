package dev.miniflow.removal;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Where a removal's process starts again after the engine forgot it, from its row alone (no Spring, no engine). */
class RemovalRestartTest {
  static Removal removal(Removal.Kind kind, Removal.Status status, String decidedBy, Removal.Severity severity) {
    return new Removal(1L, 7L, 70L, kind, status, List.of(700L), "reason", "someone", Instant.EPOCH, decidedBy, null,
        kind == Removal.Kind.FORCED ? "rule" : null, null, severity, null, null, null);
  }

  @Test
  void eachRemovalStartsAgainWhereItsRowShowsItGot() {
    assertThat(RemovalRecovery.restartAt(removal(Removal.Kind.REQUESTED, Removal.Status.UNDER_REVIEW, null, null)))
        .as("a request not decided yet: reviewed again").isNull();
    assertThat(
        RemovalRecovery.restartAt(removal(Removal.Kind.REQUESTED, Removal.Status.UNDER_REVIEW, "reviewer", null)))
        .as("an approved request: not reviewed again").isEqualTo(RemovalProcess.ELEMENT_TAKE_OFFLINE);
    assertThat(RemovalRecovery.restartAt(removal(Removal.Kind.FORCED, Removal.Status.WARNED, null,
        Removal.Severity.SEVERE))).as("a severe finding: offline at once")
        .isEqualTo(RemovalProcess.ELEMENT_TAKE_OFFLINE);
    assertThat(RemovalRecovery.restartAt(removal(Removal.Kind.FORCED, Removal.Status.WARNED, null,
        Removal.Severity.MAJOR))).as("a warned finding: its deadline").isEqualTo(RemovalProcess.ELEMENT_WAIT_JOIN);
    assertThat(RemovalRecovery.restartAt(removal(Removal.Kind.FORCED, Removal.Status.RECTIFICATION_SUBMITTED, null,
        Removal.Severity.MINOR))).as("a rectification waiting").isEqualTo(RemovalProcess.ELEMENT_REVIEW_RECTIFICATION);
  }
}
