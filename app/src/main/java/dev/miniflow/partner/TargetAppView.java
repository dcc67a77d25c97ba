package dev.miniflow.partner;

/**
 * A target app as the API answers with it: never the callback secret it shares with the partner,
 * and its own type, so the target_app table can change without clients seeing it.
 */
record TargetAppView(
    Long id,
    Long workspaceId,
    String code,
    String name,
    String connector,
    TargetAppKind kind,
    boolean sandboxReviewRequired,
    String endpointUrl,
    boolean enabled,
    RulesView listingRules) {

  /** The listing rules a new request to the app is checked against, with their version. */
  record RulesView(Long version, Integer nameMin, Integer nameMax, Integer descriptionMin, Integer descriptionMax,
      boolean logoRequired, boolean logoSquare, Integer logoMaxBytes, boolean defaultLanguageRequired,
      Integer maxMiniPrograms, Integer maxVersionsKept) {

    static RulesView of(ListingRuleSet rules) {
      return new RulesView(rules.id(), rules.nameMin(), rules.nameMax(), rules.descriptionMin(),
          rules.descriptionMax(), rules.logoRequired(), rules.logoSquare(), rules.logoMaxBytes(),
          rules.defaultLanguageRequired(), rules.maxMiniPrograms(), rules.maxVersionsKept());
    }
  }

  static TargetAppView of(TargetApp app, ListingRuleSet rules) {
    return new TargetAppView(app.id(), app.workspaceId(), app.code(), app.name(), app.connector(), app.kind(),
        app.sandboxReviewRequired(), app.endpointUrl(), app.enabled(), RulesView.of(rules));
  }
}
