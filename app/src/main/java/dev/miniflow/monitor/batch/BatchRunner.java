package dev.miniflow.monitor.batch;

import dev.miniflow.monitor.InstanceMigrations;
import dev.miniflow.monitor.ProcessMonitor;
import dev.miniflow.support.DomainException;
import jakarta.annotation.PreDestroy;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Works through a batch's items, one at a time, on a virtual thread. Each item is claimed with a
 * row lock (another Miniflow instance skips it), done in a transaction of its own (its audit entry
 * commits with it) and settled with its result; a batch left unfinished by a restart goes on at
 * the next start. An item whose work committed just before a crash is tried again and reports
 * the conflict.
 */
@Component
class BatchRunner {
  private static final Logger log = LoggerFactory.getLogger(BatchRunner.class);

  private final BatchStore store;
  private final ProcessMonitor monitor;
  private final InstanceMigrations migrations;
  private final TransactionTemplate claim;
  private final TransactionTemplate work;
  /** Two batches at a time: each holds two connections (the claim and the work) while it runs. */
  private final ExecutorService executor = Executors.newFixedThreadPool(2, Thread.ofVirtual().factory());
  private final Set<Long> running = ConcurrentHashMap.newKeySet();

  BatchRunner(BatchStore store, ProcessMonitor monitor, InstanceMigrations migrations,
      PlatformTransactionManager transactions) {
    this.migrations = migrations;
    this.store = store;
    this.monitor = monitor;
    this.claim = new TransactionTemplate(transactions);
    this.work = new TransactionTemplate(transactions);
    this.work.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
  }

  void submit(long batchId) {
    if (running.add(batchId)) {
      executor.submit(() -> {
        try {
          run(batchId);
        } catch (RuntimeException e) {
          log.warn("Batch operation {} stopped; it goes on at the next start: {}", batchId, e.getMessage());
        } finally {
          running.remove(batchId);
        }
      });
    }
  }

  @EventListener(ApplicationReadyEvent.class)
  void resumeUnfinished() {
    store.unfinished().forEach(this::submit);
  }

  private void run(long batchId) {
    while (Boolean.TRUE.equals(claim.execute(status -> store.claimNext(batchId).map(item -> {
      String note = "batch " + batchId + ", item " + item.no();
      String failure = null;
      try {
        work.executeWithoutResult(s -> {
          switch (item.kind()) {
            case RETRY_INCIDENTS -> monitor.retryAs(item.createdBy(), item.incidentKey(), note);
            case CANCEL_INSTANCES -> monitor.cancelAs(item.createdBy(), item.processInstanceKey(), note);
            case MIGRATE_INSTANCES -> migrations.migrateAs(item.createdBy(), item.processInstanceKey(),
                item.targetDefinitionKey(), note);
          }
        });
      } catch (DomainException e) {
        failure = e.getMessage(); // what the operation itself says, as the single action would
      } catch (RuntimeException e) {
        log.warn("Batch operation {}, item {} failed", batchId, item.no(), e);
        failure = "Unexpected error; the log of this Miniflow has the details.";
      }
      store.settle(batchId, item.no(), failure == null, failure);
      return true;
    }).orElse(false)))) {
      // one item per transaction, so progress shows as it goes
    }
    claim.executeWithoutResult(status -> store.finishIfDone(batchId));
  }

  @PreDestroy
  void stop() {
    executor.shutdownNow();
  }
}
