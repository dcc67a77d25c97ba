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
    String endpointUrl) {

  static TargetAppView of(TargetApp app) {
    return new TargetAppView(app.id(), app.workspaceId(), app.code(), app.name(), app.connector(), app.kind(),
        app.sandboxReviewRequired(), app.endpointUrl());
  }
}
