package dev.miniflow.tasklist.delegation;

import java.time.Instant;
import java.util.List;

/**
 * Someone's out of office in a workspace: from {@code startsAt} until {@code endsAt} (or until
 * ended early), new tasks meant for them of the covered processes (none listed: all) are offered
 * to the delegate.
 */
record Delegation(long id, long workspaceId, String username, String delegate, Instant startsAt, Instant endsAt,
    List<String> processes, String note, Instant createdAt, Instant endedAt) {

  boolean activeAt(Instant at) {
    return endedAt == null && !at.isBefore(startsAt) && at.isBefore(endsAt);
  }

  boolean covers(String processId) {
    return processes.isEmpty() || processes.contains(processId);
  }

  boolean overlaps(Instant from, Instant until) {
    return endedAt == null && startsAt.isBefore(until) && from.isBefore(endsAt);
  }
}
