package dev.miniflow.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.SQLException;
import org.junit.jupiter.api.Test;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.transaction.TransactionSystemException;

/** A step that failed because PostgreSQL went away is paused and tried again; a step that failed on its own is not. */
class DatabaseOutageTest {

  @Test
  void aLostConnectionIsAnOutageAlsoWhenTheRollbackAfterItFailsAndHidesIt() {
    // as seen when PostgreSQL terminated the backends mid-step: the statement fails (08006), then
    // the rollback fails on the connection the pool has closed, and that is what reaches the worker
    var lost = new DataAccessResourceFailureException("select … for update",
        new SQLException("An I/O error occurred while sending to the backend.", "08006"));
    var rollbackFailed =
        new TransactionSystemException("JDBC rollback failed", new SQLException("Connection is closed"));
    rollbackFailed.initApplicationException(lost);

    assertThat(DatabaseOutage.causedBy(rollbackFailed)).isTrue();
    assertThat(DatabaseOutage.causedBy(new TransactionSystemException("JDBC rollback failed",
        new SQLException("Connection is closed")))).isTrue();
    assertThat(DatabaseOutage.causedBy(new RuntimeException(lost))).isTrue();
    assertThat(DatabaseOutage.causedBy(new SQLException("the database system is shutting down", "57P03"))).isTrue();
  }

  @Test
  void aFailureOfTheStepItselfIsNotAnOutage() {
    assertThat(DatabaseOutage.causedBy(new DuplicateKeyException("duplicate key",
        new SQLException("duplicate key value violates unique constraint", "23505")))).isFalse();
    var commitRefused = new TransactionSystemException("JDBC commit failed",
        new SQLException("could not serialize access", "40001"));
    commitRefused.initApplicationException(new IllegalStateException("a bug"));
    assertThat(DatabaseOutage.causedBy(commitRefused)).isFalse();
    assertThat(DatabaseOutage.causedBy(new IllegalArgumentException("bad input"))).isFalse();
  }
}
