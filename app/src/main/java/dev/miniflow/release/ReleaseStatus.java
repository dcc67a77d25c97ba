package dev.miniflow.release;

/** The life of a release, as in DESIGN.md. */
public enum ReleaseStatus {
  CREATED, UNDER_REVIEW, REJECTED, WITHDRAWN, APPROVED, PILOT, GRAYSCALE, RELEASED, CANCELED, ARCHIVED;

  public boolean terminal() {
    return this == REJECTED || this == WITHDRAWN || this == CANCELED || this == ARCHIVED;
  }
}
