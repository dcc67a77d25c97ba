package dev.miniflow.release;

import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A version on its way to one target app and environment.
 *
 * @param rollbackOf the release this one rolls back (it re-releases an earlier version)
 * @param pendingStage a rollout step an operator asked for that is not applied yet
 */
@Table("release")
public record Release(
    @Id Long id,
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
    @JsonIgnore String bundle,
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

  static Release requested(long workspaceId, long miniProgramId, long versionId, long targetAppId,
      Environment environment, String requester, boolean reviewRequired, Long rollbackOf, Instant requestedAt) {
    return new Release(null, workspaceId, miniProgramId, versionId, targetAppId, environment, ReleaseStatus.CREATED,
        requester, requestedAt, null, null, null, null, null, null, null, null, null, 0, reviewRequired, rollbackOf,
        List.of(), null, null, null, null, null, null);
  }

  public boolean inFlight() {
    return ReleaseStatus.IN_FLIGHT.contains(status);
  }
}
