package dev.miniflow.miniprogram;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.HexFormat;
import javax.sql.DataSource;
import org.postgresql.PGConnection;
import org.postgresql.largeobject.LargeObject;
import org.postgresql.largeobject.LargeObjectManager;
import org.springframework.jdbc.UncategorizedSQLException;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionSynchronizationManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Packages as PostgreSQL large objects, so every instance on the same database serves every
 * package. Written on the caller's transaction (the large object commits or rolls back with its
 * version row), read inside a transaction (the caller's if there is one: large object descriptors
 * live only inside one);
 * both ways in 64 KiB chunks, never whole in memory. Deleting the version row unlinks the large
 * object (trigger of changeset 012), so no package outlives its row.
 */
@Component
class LargeObjectPackages {
  static final int CHUNK = 64 * 1024;
  private final DataSource dataSource;
  private final TransactionTemplate readOnly;

  LargeObjectPackages(DataSource dataSource, PlatformTransactionManager transactions) {
    this.dataSource = dataSource;
    this.readOnly = new TransactionTemplate(transactions);
    this.readOnly.setReadOnly(true);
  }

  /**
   * What was read: its SHA-256 and length, or nothing because the large object is gone; longer
   * than the limit (then only past the limit is known, and the hash is of what was read).
   */
  record Read(String sha256, long bytes, boolean missing, boolean tooLong) {}

  /** Streams the file into a new large object on the current transaction and returns its oid. */
  long write(Path file) {
    if (!TransactionSynchronizationManager.isActualTransactionActive()) {
      // outside a transaction the large object would commit on its own, without its version row
      throw new IllegalStateException("A package is stored in PostgreSQL only within the transaction of its version");
    }
    Connection connection = DataSourceUtils.getConnection(dataSource);
    try {
      LargeObjectManager objects = connection.unwrap(PGConnection.class).getLargeObjectAPI();
      long oid = objects.createLO(LargeObjectManager.READWRITE);
      try (LargeObject object = objects.open(oid, LargeObjectManager.WRITE);
          InputStream in = Files.newInputStream(file)) {
        byte[] buffer = new byte[CHUNK];
        for (int n; (n = in.readNBytes(buffer, 0, CHUNK)) > 0;) {
          object.write(buffer, 0, n);
        }
      }
      return oid;
    } catch (SQLException e) {
      throw new UncategorizedSQLException("storing a package as a large object", null, e);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    } finally {
      DataSourceUtils.releaseConnection(connection, dataSource);
    }
  }

  /**
   * Copies the large object into the file (replacing it) while hashing it, stopping once it is
   * longer than {@code limit}: a package larger than recorded is damaged, and must not fill the disk.
   */
  Read copy(long oid, Path target, long limit) {
    return readOnly.execute(status -> {
      Connection connection = DataSourceUtils.getConnection(dataSource);
      try {
        if (!exists(connection, oid)) {
          // looked up rather than opened: a failed open would abort the caller's transaction
          return new Read(null, 0, true, false);
        }
        LargeObjectManager objects = connection.unwrap(PGConnection.class).getLargeObjectAPI();
        MessageDigest sha = MessageDigest.getInstance("SHA-256");
        long total = 0;
        try (LargeObject object = objects.open(oid, LargeObjectManager.READ);
            OutputStream out = new DigestOutputStream(Files.newOutputStream(target), sha)) {
          byte[] buffer = new byte[CHUNK];
          for (int n; (n = object.read(buffer, 0, CHUNK)) > 0;) {
            out.write(buffer, 0, n);
            total += n;
            if (total > limit) {
              return new Read(HexFormat.of().formatHex(sha.digest()), total, false, true);
            }
          }
        }
        return new Read(HexFormat.of().formatHex(sha.digest()), total, false, false);
      } catch (SQLException e) {
        throw new UncategorizedSQLException("reading a package from its large object", null, e);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      } catch (NoSuchAlgorithmException e) {
        throw new IllegalStateException(e);
      } finally {
        DataSourceUtils.releaseConnection(connection, dataSource);
      }
    });
  }

  private static boolean exists(Connection connection, long oid) throws SQLException {
    try (PreparedStatement query = connection.prepareStatement(
        "select exists (select 1 from pg_largeobject_metadata where oid = ?)")) {
      query.setLong(1, oid);
      try (ResultSet result = query.executeQuery()) {
        return result.next() && result.getBoolean(1);
      }
    }
  }
}
