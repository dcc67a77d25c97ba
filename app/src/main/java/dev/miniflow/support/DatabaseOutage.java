package dev.miniflow.support;

import org.springframework.modulith.NamedInterface;
import java.sql.SQLException;
import org.springframework.dao.DataAccessResourceFailureException;
import org.springframework.transaction.CannotCreateTransactionException;
import org.springframework.transaction.TransactionSystemException;

/** Tells a failure because PostgreSQL is not reachable (for now) from a failure of the request itself. */
@NamedInterface("api")
public final class DatabaseOutage {
  static final String DETAIL =
      "The database is not reachable right now; nothing was changed. Please try again in a moment.";

  private DatabaseOutage() {}

  public static boolean causedBy(Throwable error) {
    for (Throwable e = error; e != null; e = e.getCause()) {
      if (e instanceof DataAccessResourceFailureException || e instanceof CannotCreateTransactionException) {
        return true;
      }
      // 08: connection exception; 57P: operator intervention (server shut down, terminated, starting up)
      if (e instanceof SQLException sql && sql.getSQLState() != null
          && (sql.getSQLState().startsWith("08") || sql.getSQLState().startsWith("57P"))) {
        return true;
      }
      if (e instanceof TransactionSystemException tx) {
        // the rollback after a lost connection fails too, and hides the first failure
        if (tx.getApplicationException() != null && causedBy(tx.getApplicationException())) {
          return true;
        }
        // a commit or rollback on a connection the pool has already closed ("Connection is closed")
        if (tx.getCause() instanceof SQLException sql && sql.getSQLState() == null) {
          return true;
        }
      }
      if (e.getCause() == e) {
        break;
      }
    }
    return false;
  }
}
