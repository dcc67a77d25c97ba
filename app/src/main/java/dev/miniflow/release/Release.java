package dev.miniflow.release;

import org.springframework.modulith.NamedInterface;
import com.fasterxml.jackson.annotation.JsonIgnore;
import dev.miniflow.engine.StepRefused;
import dev.miniflow.miniprogram.AppVersion;
import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.partner.TargetApp;
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
@NamedInterface("api")
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

  /** The audit trail's and the step refusals' name for a release. */
  static final String SUBJECT = "release";

  public boolean inFlight() {
    return ReleaseStatus.IN_FLIGHT.contains(status);
  }

  /** Production is always reviewed, Sandbox as the target app says, Test and Development never; rollbacks always. */
  static boolean reviewRequired(Environment environment, TargetApp app, Long rollbackOf) {
    if (rollbackOf != null) {
      return true;
    }
    return switch (environment) {
      case PRODUCTION -> true;
      case SANDBOX -> app.sandboxReviewRequired();
      case TEST, DEVELOPMENT -> false;
    };
  }

  /** Test and Development builds, and rollbacks, go live in full as soon as they are approved. */
  boolean autoRelease() {
    return rollbackOf != null || environment == Environment.TEST || environment == Environment.DEVELOPMENT;
  }

  /** What a release is, in a line: its review task's subject. */
  static String subject(Release release, MiniProgram program, AppVersion version, TargetApp app) {
    return new ReleaseNames.Names(program.name(), version.version(), version.uploadedBy(), app.name()).subject(release);
  }

  /** A step of this release's process that its recorded state does not allow. */
  StepRefused refuse(String why) {
    return new StepRefused(why, workspaceId, SUBJECT, id);
  }

  /** A step found its work done or stopped: fine if the release got past it, refused if it never got there. */
  void requireReached(String step, ReleaseStatus... past) {
    if (status == ReleaseStatus.CANCELED || status == ReleaseStatus.WITHDRAWN || List.of(past).contains(status)) {
      return;
    }
    throw refuse("cannot " + step + " of a release that is " + status);
  }
}
