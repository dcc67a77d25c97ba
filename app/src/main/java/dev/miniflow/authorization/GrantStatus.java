package dev.miniflow.authorization;

import java.util.EnumSet;
import java.util.Set;

public enum GrantStatus {
  REQUESTED, REJECTED, ACTIVE, EXPIRED, REVOKED;

  /** Requests waiting for their review and grants running: they have a process. */
  static final Set<GrantStatus> IN_FLIGHT = EnumSet.of(REQUESTED, ACTIVE);
  /** {@link #IN_FLIGHT} as the repository's queries write it (StatusSetsTest checks it is the set). */
  static final String IN_FLIGHT_SQL = "('REQUESTED', 'ACTIVE')";
}
