package dev.miniflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniflow.projection.Change;
import dev.miniflow.projection.ProjectionStore;
import dev.miniflow.testing.EmbeddedMiniflowTest;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import javax.sql.DataSource;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceUtils;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The projection core on the real schema: a change the tables refuse is left out and reported,
 * the rest of its batch is written and the position moves on; a batch read again changes nothing.
 * In a transaction that is rolled back, on a partition of its own, so the monitor never sees it.
 */
@EmbeddedMiniflowTest
class ProjectionStoreTest {
  static final int PARTITION = 77;
  static final long KEY = 9_000_000_000_000L;

  @Autowired DataSource dataSource;
  @Autowired JdbcClient jdbc;
  @Autowired TransactionTemplate tx;

  @Test
  void aRefusedChangeIsLeftOutAndTheRestOfItsBatchIsWritten() {
    Instant at = Instant.parse("2026-12-01T10:00:00Z");
    List<Change> batch = List.of(
        new Change.InstanceStarted(1, KEY, 1, "projected", 1, at),
        // longer than element_instance.element_id holds: the tables refuse it
        new Change.ElementStarted(2, KEY + 1, KEY, KEY, "x".repeat(200), "SERVICE_TASK", at),
        new Change.ElementStarted(3, KEY + 2, KEY, KEY, "End", "END_EVENT", at),
        new Change.JobCreated(4, KEY + 3, KEY, "Work", "work", 3, at),
        new Change.JobRetries(5, KEY + 3, 2, true, "failed once", at));
    tx.executeWithoutResult(status -> {
      status.setRollbackOnly();
      List<Change> refused = new ArrayList<>();
      assertThat(apply(batch, 5, refused)).isEqualTo(4);
      assertThat(refused).extracting(Change::position).containsExactly(2L);
      assertThat(jdbc.sql("select element_id from element_instance where process_instance_key = :k order by 1")
          .param("k", KEY).query(String.class).list()).containsExactly("End", "projected");
      assertThat(position()).isEqualTo(5);

      // read again (a restarted exporter, a new leader): nothing applied twice
      assertThat(apply(batch, 5, refused)).isZero();
      assertThat(jdbc.sql("select failures from job where job_key = :k").param("k", KEY + 3)
          .query(Integer.class).single()).isEqualTo(1);
    });
  }

  private int apply(List<Change> changes, long upTo, List<Change> refused) {
    Connection connection = DataSourceUtils.getConnection(dataSource);
    try (ProjectionStore store = new ProjectionStore(connection)) {
      return store.apply(PARTITION, changes, upTo, Instant.now(), (change, e) -> refused.add(change));
    } catch (SQLException e) {
      throw new IllegalStateException(e);
    }
  }

  private long position() {
    return jdbc.sql("select position from exporter_position where partition_id = :p").param("p", PARTITION)
        .query(Long.class).single();
  }
}
