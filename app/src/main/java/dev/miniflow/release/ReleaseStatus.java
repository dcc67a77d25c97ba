package dev.miniflow.release;

import java.util.EnumSet;
import java.util.Set;

/** The life of a release, as in DESIGN.md. */
public enum ReleaseStatus {
  CREATED, UNDER_REVIEW, REJECTED, WITHDRAWN, APPROVED, PILOT, GRAYSCALE, RELEASED, CANCELED, ARCHIVED;

  /** At most one release per mini program × target app × environment is in one of these. */
  static final Set<ReleaseStatus> IN_FLIGHT = EnumSet.of(CREATED, UNDER_REVIEW, APPROVED, PILOT, GRAYSCALE);

  public boolean terminal() {
    return this == REJECTED || this == WITHDRAWN || this == CANCELED || this == ARCHIVED;
  }
}
