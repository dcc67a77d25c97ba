package dev.miniflow.engine;

import org.springframework.modulith.NamedInterface;
import dev.miniflow.processes.ProcessVariants;
import java.util.List;
import java.util.Optional;
import java.util.function.LongConsumer;
import java.util.function.Predicate;
import java.util.function.ToLongFunction;
import java.util.function.Supplier;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Binds business rows to the process instance that runs them, the only link a worker trusts
 * between a job and a release, grant or removal. An instance's first job can reach a worker
 * before the transaction that records its key commits; starts therefore hold a shared advisory
 * lock until that commit, and a worker that finds nothing bound waits for the starts in flight
 * (the exclusive lock) and looks once more before it refuses the step.
 */
@Component
@NamedInterface("api")
public class ProcessBinding {
  /** One lock for all starts: shared by starters, taken exclusively only by a worker that found nothing. */
  private static final long STARTS_IN_FLIGHT = 0x4d696e69666c6f77L; // "Miniflow"

  private final JdbcClient jdbc;
  private final TransactionTemplate tx;
  private final ProcessVariants variants;

  ProcessBinding(JdbcClient jdbc, TransactionTemplate tx, ProcessVariants variants) {
    this.jdbc = jdbc;
    this.tx = tx;
    this.variants = variants;
  }

  /**
   * Starts an instance of the workspace's process of this kind (its variant, if it has one) and
   * records its key on the rows it runs, in one transaction that a worker of that instance can
   * wait for. @return the instance key
   */
  public long start(String platformProcessId, long workspaceId, ToLongFunction<String> startInstance,
      LongConsumer bindRows) {
    String processId = variants.processIdFor(platformProcessId, workspaceId);
    Long key = tx.execute(status -> {
      jdbc.sql("select pg_advisory_xact_lock_shared(:k)").param("k", STARTS_IN_FLIGHT).query().listOfRows();
      long started = startInstance.applyAsLong(processId);
      bindRows.accept(started);
      // the monitor's workspace of the instance: Miniflow's row, never a variable the model writes
      jdbc.sql("""
              insert into instance_workspace(process_instance_key, workspace_id) values (:k, :ws)
              on conflict (process_instance_key) do update set workspace_id = excluded.workspace_id""")
          .param("k", started).param("ws", workspaceId).update();
      return started;
    });
    return key;
  }

  /** The object bound to the job's instance, waiting once for starts still in flight; empty if there is none. */
  public <T> Optional<T> find(Supplier<Optional<T>> lookup) {
    Optional<T> found = lookup.get();
    if (found.isPresent()) {
      return found;
    }
    jdbc.sql("select pg_advisory_xact_lock(:k)").param("k", STARTS_IN_FLIGHT).query().listOfRows();
    return lookup.get();
  }

  /**
   * Of the rows bound to the job's instance, the one that waits for its step (waiting once for
   * starts still in flight). Picked among them, not merely the last: the embedded engine, started
   * empty, hands out its keys again, and a finished row keeps the key of its old instance.
   */
  public <T> Optional<T> findWaiting(Supplier<List<T>> bound, Predicate<? super T> waiting) {
    return find(() -> bound.get().stream().filter(waiting).reduce((a, b) -> b));
  }

  /**
   * The object with this id, if the job's process instance runs it; otherwise the step is
   * refused, and the refusal audited in the object's workspace when the id exists at all.
   */
  public <T> T require(String subjectType, long id, Supplier<Optional<T>> bound,
      Supplier<Optional<Long>> workspaceOfId) {
    return find(bound).orElseThrow(() -> new StepRefused(subjectType + " " + id
        + " is not run by this process instance", workspaceOfId.get().orElse(null), subjectType, id));
  }
}
