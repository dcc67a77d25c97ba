package dev.miniflow.support;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;
import static org.mockito.Mockito.mock;
import static org.mockito.Mockito.when;

import dev.miniflow.testing.EmbeddedMiniflowTest;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * An action is recorded in PostgreSQL as its code and its subject type; an action about whatever
 * its caller names takes the caller's; nothing is recorded outside a transaction.
 */
@EmbeddedMiniflowTest
class AuditTrailTest {
  // mocks, not enums: AuditActionsTest reads every AuditAction class on the class path as the application's
  final AuditAction own = action("sample.done", "sample");
  final AuditAction namedByCaller = action("sample.refused", null);

  @Autowired AuditTrail audit;
  @Autowired TransactionTemplate tx;
  @Autowired JdbcClient jdbc;

  @Test
  void anActionIsRecordedAsItsCodeAboutItsSubjectType() {
    String actor = "alice-" + UUID.randomUUID().toString().substring(0, 8);
    tx.executeWithoutResult(s -> audit.record(actor, own, 42L, 7L, "why"));
    assertThat(saved(actor)).containsExactly(List.of(actor, "sample.done", "sample", "42", "7", "why"));
  }

  @Test
  void anActionAboutWhatItsCallerNamesTakesTheCallersSubjectType() {
    String actor = "sys-" + UUID.randomUUID().toString().substring(0, 8);
    tx.executeWithoutResult(s -> audit.record(actor, namedByCaller, "release", 5L, null, "forged"));
    assertThat(saved(actor)).containsExactly(List.of(actor, "sample.refused", "release", "5", "-", "forged"));
  }

  @Test
  void noActionIsRecordedAboutAnotherSubjectTypeThanItsOwnNorOutsideATransaction() {
    String actor = "bob-" + UUID.randomUUID().toString().substring(0, 8);
    // each refusal marks its transaction for rollback, as a refused step's would be
    assertThatIllegalArgumentException().isThrownBy(
        () -> tx.executeWithoutResult(s -> audit.record(actor, own, "release", 5L, 7L, null)));
    assertThatIllegalArgumentException().isThrownBy(
        () -> tx.executeWithoutResult(s -> audit.record(actor, namedByCaller, 5L, 7L, null)));
    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> audit.record(actor, own, 1L, 7L, "no tx")))
        .isInstanceOf(org.springframework.transaction.IllegalTransactionStateException.class);
    assertThat(saved(actor)).isEmpty();
  }

  private List<List<String>> saved(String actor) {
    return jdbc.sql("select * from audit_event where actor = :a order by id").param("a", actor)
        .query((rs, row) -> List.of(rs.getString("actor"), rs.getString("action"), rs.getString("subject_type"),
            rs.getString("subject_id"), rs.getObject("workspace_id") == null ? "-" : rs.getString("workspace_id"),
            rs.getString("detail")))
        .list();
  }

  private static AuditAction action(String code, String subjectType) {
    AuditAction action = mock(AuditAction.class);
    when(action.code()).thenReturn(code);
    when(action.subjectType()).thenReturn(subjectType);
    return action;
  }
}
