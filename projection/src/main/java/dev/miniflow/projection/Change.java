package dev.miniflow.projection;

import java.time.Instant;

/**
 * What one engine record changes in the monitor's tables, copied out of the record: a broker
 * reuses the record objects it hands to an exporter, so nothing may keep them.
 */
public sealed interface Change {
  /** The record's position in its partition's log: a change at or below the stored position is already applied. */
  long position();

  record InstanceStarted(long position, long instanceKey, long definitionKey, String processId, int version,
      Instant at) implements Change {}

  /** An element moved to another version of its process (the process itself when {@code instance}). */
  record ElementMigrated(long position, long elementKey, long instanceKey, boolean instance, long definitionKey,
      int version, String elementId, Instant at) implements Change {}

  /** @param flowScopeKey the element instance it runs in (the process, a sub-process), for moving tokens */
  record ElementStarted(long position, long elementKey, long instanceKey, long flowScopeKey, String elementId,
      String elementType, Instant at) implements Change {}

  /**
   * An element (the process itself when {@code instance}) completed or was terminated; {@code timed}
   * when it completed and its duration counts in the dashboard's cycle or step times.
   */
  record ElementEnded(long position, long elementKey, long instanceKey, boolean instance, boolean completed,
      boolean timed, Instant at) implements Change {}

  record IncidentCreated(long position, long incidentKey, long instanceKey, String elementId, Long jobKey,
      String errorType, String errorMessage, Instant at) implements Change {}

  record IncidentResolved(long position, long incidentKey, Instant at) implements Change {}

  /** A variable created or updated; {@code value} is its JSON, cut to what the monitor shows. */
  record VariableSet(long position, long instanceKey, long scopeKey, String name, String value, Instant at)
      implements
        Change {}

  record JobCreated(long position, long jobKey, long instanceKey, String elementId, String jobType, int retries,
      Instant at) implements Change {}

  /** A job failed (its retries now as given) or got new retries from an admin; {@code failed} counts a failure. */
  record JobRetries(long position, long jobKey, int retries, boolean failed, String errorMessage, Instant at)
      implements
        Change {}

  /** A job is over: COMPLETED, CANCELED or ERROR_THROWN. */
  record JobEnded(long position, long jobKey, String state, Instant at) implements Change {}
}
