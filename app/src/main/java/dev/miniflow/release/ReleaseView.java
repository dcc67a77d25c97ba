package dev.miniflow.release;

import java.time.Instant;
import java.util.List;

/**
 * A release as the API answers with it: what clients have read since v1, never the bundle (it
 * stays on the server). Its own type, so a column added to the release table does not reach them.
 */
record ReleaseView(
    Long id,
    Long workspaceId,
    Long miniProgramId,
    Long versionId,
    Long targetAppId,
    Environment environment,
    ReleaseStatus status,
    String requestedBy,
    Instant requestedAt,
    Long processInstanceKey,
    String validationReport,
    String decidedBy,
    String decisionComment,
    Instant decidedAt,
    String bundleSha256,
    String bundleSignature,
    Instant publishedAt,
    int lockVersion,
    boolean reviewRequired,
    Long rollbackOf,
    List<String> testers,
    Integer grayscalePercent,
    String pendingStage,
    Integer pendingPercent,
    String stoppedReason,
    String partnerStatus,
    String partnerReason) {

  static ReleaseView of(Release r) {
    return new ReleaseView(r.id(), r.workspaceId(), r.miniProgramId(), r.versionId(), r.targetAppId(),
        r.environment(), r.status(), r.requestedBy(), r.requestedAt(), r.processInstanceKey(), r.validationReport(),
        r.decidedBy(), r.decisionComment(), r.decidedAt(), r.bundleSha256(), r.bundleSignature(), r.publishedAt(),
        r.lockVersion(), r.reviewRequired(), r.rollbackOf(), r.testers(), r.grayscalePercent(), r.pendingStage(),
        r.pendingPercent(), r.stoppedReason(), r.partnerStatus(), r.partnerReason());
  }

  static List<ReleaseView> of(List<Release> releases) {
    return releases.stream().map(ReleaseView::of).toList();
  }
}
