package dev.miniflow.partner;

/** How strict a target app is about what it lists. */
public enum TargetAppKind {
  /** The workspace's own super app. */
  NATIVE,
  /** A partner super app reached through a connector. */
  PARTNER,
  /** An "Alipay China"-style app with extra listing rules (see {@link ListingRules}). */
  STRICT
}
