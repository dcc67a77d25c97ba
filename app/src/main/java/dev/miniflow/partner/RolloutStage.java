package dev.miniflow.partner;

/** How far a publication goes in the target app. */
public enum RolloutStage {
  /** Only the whitelisted testers see it. */
  PILOT,
  /** A percentage of users see it. */
  GRAYSCALE,
  /** Everyone sees it. */
  FULL,
  /** Nobody sees it any more: the mini program was removed from the target app. */
  OFFLINE
}
