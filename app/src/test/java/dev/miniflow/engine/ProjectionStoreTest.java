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

  @Test
  void eachCompletedStepIsCountedOnceIntoItsWorkspacesHistogramOfTheDayItFinished() {
    Instant at = Instant.parse("2026-12-01T23:59:00Z");
    long bound = KEY + 10;
    long unbound = KEY + 20;
    List<Change> batch = List.of(
        new Change.InstanceStarted(11, bound, 1, "timed", 1, at),
        new Change.ElementStarted(12, bound + 1, bound, bound, "Review", "USER_TASK", at),
        new Change.ElementStarted(13, bound + 2, bound, bound, "Gate", "EXCLUSIVE_GATEWAY", at),
        new Change.ElementStarted(14, bound + 3, bound, bound, "Build", "SERVICE_TASK", at),
        new Change.InstanceStarted(15, unbound, 1, "timed", 1, at),
        new Change.ElementStarted(16, unbound + 1, unbound, unbound, "Review", "USER_TASK", at),
        // two minutes: finished the next UTC day
        new Change.ElementEnded(17, bound + 1, bound, false, true, true, at.plusSeconds(120)),
        new Change.ElementEnded(18, bound + 2, bound, false, true, false, at.plusSeconds(120)),
        new Change.ElementEnded(19, bound + 3, bound, false, false, false, at.plusSeconds(130)),
        new Change.ElementEnded(20, bound, bound, true, true, true, at.plusSeconds(150)),
        new Change.ElementEnded(21, unbound + 1, unbound, false, true, true, at.plusSeconds(60)));
    tx.executeWithoutResult(status -> {
      status.setRollbackOnly();
      long ws = jdbc.sql("insert into workspace(name) values ('Histogram test') returning id").query(Long.class)
          .single();
      jdbc.sql("insert into instance_workspace(process_instance_key, workspace_id) values (:k, :ws)")
          .param("k", bound).param("ws", ws).update();
      assertThat(apply(batch, 21, new ArrayList<>())).isEqualTo(batch.size());
      // read again: counted once
      assertThat(apply(batch, 21, new ArrayList<>())).isZero();

      // the review and the whole instance; not the gateway, not the terminated build, not the unbound instance
      assertThat(jdbc.sql("""
              select element_id || ' ' || day || ' ' || completed || ' ' || total_ms from step_time_day
              where workspace_id = :ws order by element_id""").param("ws", ws).query(String.class).list())
          .containsExactly("Review 2026-12-02 1 120000", "timed 2026-12-02 1 150000");
      assertThat(jdbc.sql("select sum(completed) from step_time_day where bpmn_process_id = 'timed'")
          .query(Long.class).single()).isEqualTo(2);
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
