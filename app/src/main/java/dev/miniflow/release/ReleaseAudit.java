package dev.miniflow.release;

import dev.miniflow.support.AuditAction;

/** What the audit trail records about a release. */
enum ReleaseAudit implements AuditAction {
  REQUESTED("release.requested"),
  ROLLBACK_REQUESTED("release.rollback-requested"),
  VALIDATED("release.validated"),
  UNDER_REVIEW("release.under-review"),
  APPROVED("release.approved"),
  REJECTED("release.rejected"),
  WITHDRAWN("release.withdrawn"),
  CANCELED("release.canceled"),
  RECOVERED("release.recovered"),
  PACKAGED("release.packaged"),
  PILOT_REQUESTED("release.pilot-requested"),
  GRAYSCALE_REQUESTED("release.grayscale-requested"),
  FULL_REQUESTED("release.full-requested"),
  /** The rollout reached {@link ReleaseStatus#PILOT}. */
  PILOT("release.pilot"),
  /** The rollout reached {@link ReleaseStatus#GRAYSCALE}. */
  GRAYSCALE("release.grayscale"),
  /** The rollout reached {@link ReleaseStatus#RELEASED}. */
  RELEASED("release.released"),
  PREVIOUS_ARCHIVED("release.previous-archived"),
  RESTORED("release.restored"),
  PARTNER_CONFIRMED("release.partner-confirmed"),
  PARTNER_WITHDREW("release.partner-withdrew"),
  REMOVED("release.removed"),
  NOTIFIED("release.notified"),
  EXPEDITED("release.expedited"),
  PHASED_STARTED("release.phased-started"),
  PHASED_ADVANCED("release.phased-advanced"),
  PHASED_PAUSED("release.phased-paused"),
  PHASED_RESUMED("release.phased-resumed"),
  PHASED_REVERTED("release.phased-reverted"),
  /** After a revert: everyone sees the previous full release again. */
  PHASED_RESTORED("release.phased-restored"),
  /** The plan ended with its release: completed to everyone, or stopped. */
  PHASED_ENDED("release.phased-ended");

  private final String code;

  ReleaseAudit(String code) {
    this.code = code;
  }

  /** The action of a rollout that brought the release to {@code status} (pilot, grayscale or full). */
  static ReleaseAudit reached(ReleaseStatus status) {
    return switch (status) {
      case PILOT -> PILOT;
      case GRAYSCALE -> GRAYSCALE;
      case RELEASED -> RELEASED;
      default -> throw new IllegalArgumentException("No rollout brings a release to " + status);
    };
  }

  @Override
  public String code() {
    return code;
  }

  @Override
  public String subjectType() {
    return Release.SUBJECT;
  }
}
