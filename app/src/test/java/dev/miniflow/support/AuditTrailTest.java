package dev.miniflow.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;
import static org.mockito.Mockito.when;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneOffset;
import org.junit.jupiter.api.Test;
import org.mockito.ArgumentCaptor;
import org.springframework.jdbc.core.simple.JdbcClient;

/** An action is recorded as its code and its subject type; an action about whatever its caller names takes the caller's. */
class AuditTrailTest {
  // mocks, not enums: AuditActionsTest reads every AuditAction class on the class path as the application's
  final AuditAction own = action("sample.done", "sample");
  final AuditAction namedByCaller = action("sample.refused", null);

  final AuditEvents events = mock(AuditEvents.class);
  final Instant now = Instant.parse("2025-05-01T10:00:00Z");
  final AuditTrail audit = new AuditTrail(events, mock(JdbcClient.class), Clock.fixed(now, ZoneOffset.UTC));

  @Test
  void anActionIsRecordedAsItsCodeAboutItsSubjectType() {
    audit.record("alice", own, 42L, 7L, "why");
    assertThat(saved()).isEqualTo(new AuditEvent(null, now, "alice", "sample.done", "sample", "42", 7L, "why"));
  }

  @Test
  void anActionAboutWhatItsCallerNamesTakesTheCallersSubjectType() {
    audit.record(AuditTrail.SYSTEM, namedByCaller, "release", 5L, null, "forged");
    assertThat(saved())
        .isEqualTo(new AuditEvent(null, now, "system", "sample.refused", "release", "5", null, "forged"));
  }

  @Test
  void noActionIsRecordedAboutAnotherSubjectTypeThanItsOwn() {
    assertThatIllegalArgumentException().isThrownBy(() -> audit.record("alice", own, "release", 5L, 7L, null));
    assertThatIllegalArgumentException().isThrownBy(() -> audit.record("alice", namedByCaller, 5L, 7L, null));
    verify(events, never()).save(any());
  }

  private static AuditAction action(String code, String subjectType) {
    AuditAction action = mock(AuditAction.class);
    when(action.code()).thenReturn(code);
    when(action.subjectType()).thenReturn(subjectType);
    return action;
  }

  private AuditEvent saved() {
    var event = ArgumentCaptor.forClass(AuditEvent.class);
    verify(events).save(event.capture());
    return event.getValue();
  }
}
