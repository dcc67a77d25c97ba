package dev.miniflow.monitor.batch;

import java.time.Instant;
import java.util.List;

/**
 * A retry or cancel over what a monitor filter matched when it was started, and how far it got.
 *
 * @param items only those of workspaces the reader administers
 */
public record BatchOperation(long id, Kind kind, Criteria criteria, String createdBy, Instant createdAt,
    Instant finishedAt, int total, int done, int failed, List<Item> items) {

  public enum Kind { RETRY_INCIDENTS, CANCEL_INSTANCES, MIGRATE_INSTANCES }

  /**
   * The monitor's filters as they were when the batch was started.
   *
   * @param targetDefinitionKey the version a migration takes the instances to
   */
  record Criteria(String process, String state, String q, Instant from, Instant to, Long targetDefinitionKey) {}

  /**
   * One incident retried or one instance canceled.
   *
   * @param outcome what became of it since: for a retry, {@code FAILED_AGAIN} (with the new
   *     incident's message), {@code COMPLETED} or {@code RUNNING}; for a cancel, {@code CANCELED};
   *     for a migration, how the instance stands on its new version
   */
  record Item(int no, long processInstanceKey, Long incidentKey, long workspaceId, String subject, String state,
      String message, Instant doneAt, String outcome, String outcomeMessage) {}

  public boolean finished() {
    return finishedAt != null;
  }

  public int percent() {
    return total == 0 ? 100 : (done + failed) * 100 / total;
  }
}
