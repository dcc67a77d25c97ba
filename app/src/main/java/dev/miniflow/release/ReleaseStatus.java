package dev.miniflow.release;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/** The life of a release, as in DESIGN.md, with the statuses each change starts from. */
public enum ReleaseStatus {
  CREATED, UNDER_REVIEW, REJECTED, WITHDRAWN, APPROVED, PILOT, GRAYSCALE, RELEASED, CANCELED, ARCHIVED;

  /** At most one release per mini program × target app × environment is in one of these; they can be canceled. */
  static final Set<ReleaseStatus> IN_FLIGHT = EnumSet.of(CREATED, UNDER_REVIEW, APPROVED, PILOT, GRAYSCALE);
  /** The requester takes a release back only before it is decided. */
  static final Set<ReleaseStatus> WITHDRAWABLE = EnumSet.of(CREATED, UNDER_REVIEW);
  /** A pilot is possible once approved and before grayscale. */
  static final Set<ReleaseStatus> PILOT_FROM = EnumSet.of(APPROVED, PILOT);
  /** Grayscale and the full release are possible from approval until the release is live; so is a partner's refusal. */
  static final Set<ReleaseStatus> ROLLOUT_FROM = EnumSet.of(APPROVED, PILOT, GRAYSCALE);

  /** Releases that went live in full (the one live now, and those archived since). */
  static final Set<ReleaseStatus> WENT_LIVE = EnumSet.of(RELEASED, ARCHIVED);
  /** {@link #WENT_LIVE} as the statistics query writes it (StatusSetsTest checks it is the set). */
  static final String WENT_LIVE_SQL = "('RELEASED', 'ARCHIVED')";

  public boolean terminal() {
    return this == REJECTED || this == WITHDRAWN || this == CANCELED || this == ARCHIVED;
  }

  /** The names a query compares the status column with. */
  static List<String> names(Set<ReleaseStatus> statuses) {
    return statuses.stream().map(Enum::name).sorted().toList();
  }
}
