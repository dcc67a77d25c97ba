package dev.miniflow.partner;

import org.springframework.modulith.NamedInterface;
/** How far a publication goes in the target app. */
@NamedInterface("api")
public enum RolloutStage {
  /** Only the whitelisted testers see it. */
  PILOT,
  /** A percentage of users see it. */
  GRAYSCALE,
  /** Everyone sees it. */
  FULL,
  /** Nobody sees it any more: the mini program was removed from the target app. */
  OFFLINE,
  /** Not a rollout: a new listing (name, description, logo, ...) for what the target app already lists. */
  LISTING
}
