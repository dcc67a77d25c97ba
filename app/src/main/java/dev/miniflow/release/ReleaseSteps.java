package dev.miniflow.release;

import dev.miniflow.engine.ProcessBinding;
import dev.miniflow.engine.StepRefused;
import static dev.miniflow.release.ReleaseProcess.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.miniprogram.AppVersion;
import dev.miniflow.miniprogram.InvalidPackageException;
import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.miniprogram.PackageReport;
import dev.miniflow.partner.ListingProfile;
import dev.miniflow.partner.ListingRules;
import dev.miniflow.partner.PublicationRequest;
import dev.miniflow.partner.RolloutStage;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.tasklist.TaskIntake;
import dev.miniflow.partner.PartnerConfirmation;
import dev.miniflow.support.Problems;
import dev.miniflow.tasklist.TaskIntake.Decision;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.springframework.context.event.EventListener;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The steps bpmn/release.bpmn runs for each target app. Every step is idempotent: a step that
 * finds its work already done returns quietly, because jobs may be delivered twice.
 */
@Service
class ReleaseSteps {
  private static final String SUBJECT = ReleaseService.SUBJECT;
  /** Our idempotency keys: release-<id>-<target app code>-<stage>[...]. */
  private static final Pattern PUBLICATION_KEY = Pattern.compile("release-(\\d+)-.+");

  private final java.time.Clock clock;
  private final ReleaseRepository releases;
  private final MiniProgramService miniPrograms;
  private final TargetApps targetApps;
  private final AuditTrail audit;
  private final ReleaseNotifications notifications;
  private final PublicationSigner signer;
  private final TaskIntake tasks;
  private final TransactionTemplate tx;
  private final ObjectMapper json;
  private final ProcessBinding binding;

  ReleaseSteps(ReleaseRepository releases, MiniProgramService miniPrograms, TargetApps targetApps, AuditTrail audit,
      ReleaseNotifications notifications, PublicationSigner signer, TaskIntake tasks, TransactionTemplate tx,
      ObjectMapper json, ProcessBinding binding, java.time.Clock clock) {
    this.binding = binding;
    this.clock = clock;
    this.releases = releases;
    this.miniPrograms = miniPrograms;
    this.targetApps = targetApps;
    this.audit = audit;
    this.notifications = notifications;
    this.signer = signer;
    this.tasks = tasks;
    this.tx = tx;
    this.json = json;
  }

  /** What the process needs to know after validation; {@code valid == false} ends the flow for this target. */
  record Validation(boolean valid, boolean reviewRequired, boolean autoRelease, String subject) {
    Map<String, Object> variables() {
      return Map.of(VAR_REVIEW_REQUIRED, reviewRequired, VAR_AUTO_RELEASE, autoRelease, VAR_SUBJECT, subject);
    }
  }

  /**
   * Checks the stored package again and the target app's listing rules. A valid release goes to
   * review, or straight to approved where no review is needed.
   */
  @Transactional
  public Validation validate(long instanceKey, long releaseId) {
    Release release = bound(instanceKey, releaseId);
    AppVersion version = miniPrograms.versionWithoutAccessCheck(release.versionId());
    MiniProgram program = miniPrograms.miniProgramWithoutAccessCheck(release.miniProgramId());
    TargetApp app = targetApps.get(release.targetAppId());
    String subject = subject(release, program, version, app);
    boolean autoRelease = ReleaseService.autoRelease(release);
    if (release.status() != ReleaseStatus.CREATED) {
      // validated before (a job delivered twice, or a process recreated after an engine restart):
      // only a release still under review goes to review; a decided one is never reviewed again
      return new Validation(release.status() != ReleaseStatus.REJECTED, release.status() == ReleaseStatus.UNDER_REVIEW,
          autoRelease, subject);
    }
    PackageReport report;
    try {
      report = miniPrograms.verifyStoredPackage(release.versionId());
    } catch (InvalidPackageException e) {
      reject(release, "Package validation failed: " + e.getMessage(),
          Map.of("valid", false, "reason", e.reason().name(), "detail", e.getMessage()));
      return new Validation(false, release.reviewRequired(), autoRelease, subject);
    }
    List<String> broken = ListingRules.violations(app, new ListingProfile(program.name(), program.description(),
        program.logoBytes(), nullToZero(program.logoWidth()), nullToZero(program.logoHeight()),
        program.defaultLanguage(), miniPrograms.countInWorkspace(program.workspaceId()),
        miniPrograms.countVersions(program.id())));
    if (!broken.isEmpty()) {
      reject(release, app.name() + " does not accept this listing: " + String.join(" ", broken),
          Map.of("valid", false, "reason", "TARGET_APP_RULES", "targetApp", app.name(), "violations", broken,
              "package", report));
      return new Validation(false, release.reviewRequired(), autoRelease, subject);
    }
    String reportJson = toJson(Map.of("valid", true, "package", report, "targetApp", app.name()));
    audit.record(AuditTrail.SYSTEM, "release.validated", SUBJECT, releaseId, release.workspaceId(),
        "Package valid (" + report.files() + " files, " + report.totalBytes() + " bytes); " + app.name()
            + " rules met");
    if (release.reviewRequired()) {
      releases.markUnderReview(releaseId, reportJson);
      audit.record(AuditTrail.SYSTEM, "release.under-review", SUBJECT, releaseId, release.workspaceId(), null);
    } else {
      releases.decide(releaseId, ReleaseStatus.CREATED.name(), ReleaseStatus.APPROVED.name(), AuditTrail.SYSTEM,
          "No review needed for " + release.environment() + " in " + app.name(), reportJson);
      audit.record(AuditTrail.SYSTEM, "release.approved", SUBJECT, releaseId, release.workspaceId(),
          "No review needed for " + release.environment() + " in " + app.name());
    }
    return new Validation(true, release.reviewRequired(), autoRelease, subject);
  }

  private void reject(Release release, String reason, Map<String, Object> report) {
    releases.decide(release.id(), ReleaseStatus.CREATED.name(), ReleaseStatus.REJECTED.name(), AuditTrail.SYSTEM,
        reason, toJson(report));
    audit.record(AuditTrail.SYSTEM, "release.rejected", SUBJECT, release.id(), release.workspaceId(), reason);
  }

  /**
   * Records the decision a reviewer took in this instance's review task of the release: the
   * decision, comment and reviewer come from the completed task, never from variables.
   */
  @Transactional
  public void recordDecision(long instanceKey, long releaseId) {
    Release release = bound(instanceKey, releaseId);
    if (release.status() != ReleaseStatus.UNDER_REVIEW) {
      requireReached(release, "record a review decision", ReleaseStatus.APPROVED, ReleaseStatus.REJECTED,
          ReleaseStatus.PILOT, ReleaseStatus.GRAYSCALE, ReleaseStatus.RELEASED, ReleaseStatus.ARCHIVED);
      return; // decided already (a job delivered twice), or stopped meanwhile
    }
    Decision decision = tasks.takeDecision(PROCESS_ID, instanceKey, String.valueOf(releaseId),
        java.util.Set.of(DECISION_APPROVE, DECISION_REJECT), why -> refuse(release, why));
    boolean approved = DECISION_APPROVE.equals(decision.decision());
    ReleaseStatus to = approved ? ReleaseStatus.APPROVED : ReleaseStatus.REJECTED;
    if (releases.decide(releaseId, ReleaseStatus.UNDER_REVIEW.name(), to.name(), decision.decidedBy(),
        decision.comment(), null) == 1) {
      audit.record(decision.decidedBy(), approved ? "release.approved" : "release.rejected", SUBJECT, releaseId,
          release.workspaceId(), decision.comment());
    }
  }

  /** Builds and signs the publication bundle (manifest and checksum). */
  @Transactional
  public void buildBundle(long instanceKey, long releaseId) {
    Release release = bound(instanceKey, releaseId);
    if (release.bundle() != null) {
      return; // built already
    }
    if (release.status() != ReleaseStatus.APPROVED) {
      requireReached(release, "build the bundle");
      return; // stopped meanwhile
    }
    AppVersion version = miniPrograms.versionWithoutAccessCheck(release.versionId());
    MiniProgram program = miniPrograms.miniProgramWithoutAccessCheck(release.miniProgramId());
    TargetApp app = targetApps.get(release.targetAppId());
    Map<String, Object> manifest = new LinkedHashMap<>();
    manifest.put("releaseId", releaseId);
    manifest.put("miniProgram", Map.of("id", program.id(), "name", program.name()));
    manifest.put("version", version.version());
    manifest.put("targetApp", app.code());
    manifest.put("environment", release.environment().name());
    manifest.put("package", Map.of("sha256", version.sha256(), "bytes", version.packageBytes()));
    manifest.put("approvedBy", release.decidedBy());
    manifest.put("builtAt", clock.instant().toString());
    String bundle = toJson(manifest);
    String sha = PublicationSigner.sha256(bundle);
    if (releases.attachBundle(releaseId, bundle, sha, signer.sign(bundle)) == 1) {
      audit.record(AuditTrail.SYSTEM, "release.packaged", SUBJECT, releaseId, release.workspaceId(),
          "Bundle sha256 " + sha);
    }
  }

  /**
   * Applies the rollout step an operator asked for (or the full release of an automatic one)
   * through the target app's connector. @return whether the release is now fully released
   */
  public boolean rollOut(long instanceKey, long releaseId) {
    Release release = tx.execute(status -> bound(instanceKey, releaseId));
    Boolean settled = settled(release.status());
    if (settled != null) {
      return settled;
    }
    if (release.status().terminal() || release.bundle() == null) {
      throw refuse(release, "a release " + release.status() + (release.bundle() == null ? " without a bundle" : "")
          + " cannot be published");
    }
    RolloutStage stage = release.pendingStage() != null ? RolloutStage.valueOf(release.pendingStage())
        : release.status() == ReleaseStatus.APPROVED && ReleaseService.autoRelease(release) ? RolloutStage.FULL : null;
    if (stage == null) {
      return false;
    }
    TargetApp app = targetApps.get(release.targetAppId());
    Integer percent = stage == RolloutStage.GRAYSCALE ? release.pendingPercent() : null;
    String key = "release-" + releaseId + "-" + app.code() + "-" + stage + (percent == null ? "" : "-" + percent)
        + (stage == RolloutStage.PILOT ? "-" + Integer.toHexString(release.testers().hashCode()) : "");
    // A job may be delivered twice at once: only the delivery holding the claim asks the partner
    // (which need not honour the idempotency key); the claim is taken on the version read above, so
    // a delivery that read the release before another one applied it cannot publish it again.
    if (!Boolean.TRUE.equals(tx.execute(status -> releases.claimPublication(releaseId, release.lockVersion()) == 1))) {
      Boolean now = settled(tx.execute(status -> bound(instanceKey, releaseId)).status());
      if (now != null) {
        return now;
      }
      throw new PublicationInProgress(releaseId);
    }
    // Outside a transaction: the partner call may be slow.
    dev.miniflow.partner.PublicationReceipt receipt;
    try {
      receipt = targetApps.publish(new PublicationRequest(app, key, release.bundle(), release.bundleSha256(),
          release.bundleSignature(), stage, stage == RolloutStage.PILOT ? release.testers() : null, percent));
    } catch (dev.miniflow.partner.PartnerRejectedException e) {
      // recorded here, where the partner said it: the step that follows only reads it
      tx.executeWithoutResult(status -> {
        releases.endPublication(releaseId);
        if (releases.markPartnerRejected(releaseId, e.getMessage()) == 1) {
          audit.record("partner", "release.rejected", SUBJECT, releaseId, release.workspaceId(), e.getMessage());
        }
      });
      throw e;
    } catch (RuntimeException e) {
      try {
        tx.executeWithoutResult(status -> releases.endPublication(releaseId));
      } catch (RuntimeException ending) { // the database is away too: the claim lapses by itself
        e.addSuppressed(ending);
      }
      throw e;
    }
    ReleaseStatus to = switch (stage) {
      case PILOT -> ReleaseStatus.PILOT;
      case GRAYSCALE -> ReleaseStatus.GRAYSCALE;
      case FULL -> ReleaseStatus.RELEASED;
      case OFFLINE -> throw new IllegalStateException("Removal is not a rollout step");
    };
    Boolean applied = tx.execute(status -> {
      releases.endPublication(releaseId);
      if (releases.applyRollout(releaseId, release.pendingStage(), release.pendingPercent(), to.name(),
          to == ReleaseStatus.RELEASED ? null : percent) == 0) {
        return false; // an operator asked for something newer meanwhile: its own message follows
      }
      String detail = switch (stage) {
        case PILOT -> release.testers().size() + " testers in " + app.name();
        case GRAYSCALE -> percent + "% of users in " + app.name();
        case FULL -> "Live in " + app.name() + " (" + receipt.partnerReference() + ")";
        case OFFLINE -> throw new IllegalStateException("Removal is not a rollout step");
      };
      audit.record(AuditTrail.SYSTEM, "release." + to.name().toLowerCase(), SUBJECT, releaseId,
          release.workspaceId(), detail);
      if (to == ReleaseStatus.RELEASED) {
        int archived = releases.archivePreviousRelease(release.miniProgramId(), release.targetAppId(),
            release.environment().name(), releaseId);
        if (archived > 0) {
          audit.record(AuditTrail.SYSTEM, "release.previous-archived", SUBJECT, releaseId, release.workspaceId(),
              "The previous full release was archived");
        }
        if (releases.liftBlock(release.miniProgramId(), release.targetAppId(), release.environment().name()) > 0) {
          audit.record(AuditTrail.SYSTEM, "release.restored", SUBJECT, releaseId, release.workspaceId(),
              "The mini program is listed again in " + app.name());
        }
      }
      return true;
    });
    return Boolean.TRUE.equals(applied) && to == ReleaseStatus.RELEASED;
  }

  /**
   * What a roll-out step returns for a release it has nothing to publish for: true once it is live
   * (released or archived since), false once it was stopped (the stop handler takes over), null
   * while it still waits for its publication.
   */
  private static Boolean settled(ReleaseStatus status) {
    if (status == ReleaseStatus.RELEASED || status == ReleaseStatus.ARCHIVED) {
      return true;
    }
    if (status == ReleaseStatus.CANCELED || status == ReleaseStatus.WITHDRAWN) {
      return false;
    }
    return null;
  }

  /**
   * The partner refused the publication for good. The refusal was recorded when the partner said
   * it (in {@link #rollOut}); this step only confirms it, so no model can reject a release by
   * calling it.
   */
  @Transactional
  public void partnerRejected(long instanceKey, long releaseId) {
    Release release = bound(instanceKey, releaseId);
    if (release.status() != ReleaseStatus.REJECTED || !"partner".equals(release.decidedBy())) {
      throw refuse(release, "the partner app has not refused release " + releaseId);
    }
  }

  /** A partner's signed callback about one of our publications. */
  @EventListener
  @Transactional
  public void partnerConfirmed(PartnerConfirmation confirmation) {
    Matcher key = PUBLICATION_KEY.matcher(confirmation.idempotencyKey());
    if (!key.matches()) {
      throw Problems.notFound("Publication " + confirmation.idempotencyKey());
    }
    long releaseId = Long.parseLong(key.group(1));
    Release release = releases.findById(releaseId).filter(r -> r.targetAppId() == confirmation.targetAppId())
        .orElseThrow(() -> Problems.notFound("Publication " + confirmation.idempotencyKey()));
    releases.recordPartnerStatus(releaseId, confirmation.status(), confirmation.reason());
    audit.record("partner", "LIVE".equals(confirmation.status()) ? "release.partner-confirmed" : "release.partner-withdrew",
        SUBJECT, releaseId, release.workspaceId(), confirmation.idempotencyKey()
            + (confirmation.reason() == null ? "" : ": " + confirmation.reason()));
  }

  /** After a withdrawal or cancellation: its open tasks go, and the people concerned are told. */
  @Transactional
  public void closeStopped(long instanceKey, long releaseId) {
    Release release = bound(instanceKey, releaseId);
    if (release.status() != ReleaseStatus.CANCELED && release.status() != ReleaseStatus.WITHDRAWN) {
      throw refuse(release, "release " + releaseId + " was not stopped; it is " + release.status());
    }
    tasks.cancelOpenTasks(PROCESS_ID, String.valueOf(releaseId));
    notifications.statusChanged(release);
  }

  public void notifyStatus(long instanceKey, long releaseId) {
    notifications.statusChanged(tx.execute(status -> bound(instanceKey, releaseId)));
  }

  /**
   * The release, if this process instance runs it (read with a row lock, so a request that
   * changed it and told the process first has committed). Any other id is refused.
   */
  Release bound(long instanceKey, long releaseId) {
    return binding.require(SUBJECT, releaseId, () -> releases.findBound(releaseId, instanceKey),
        () -> releases.findById(releaseId).map(Release::workspaceId));
  }

  /** What a release is, in a line: its review task's subject. */
  static String subject(Release release, MiniProgram program, AppVersion version, TargetApp app) {
    return program.name() + " " + version.version() + " → " + app.name() + " (" + release.environment() + ")"
        + (release.rollbackOf() == null ? "" : " rollback");
  }

  /** The release a review task of this instance is about, if it waits for its review. */
  Optional<Release> underReview(long instanceKey, long releaseId) {
    return binding.find(() -> releases.findBound(releaseId, instanceKey))
        .filter(r -> r.status() == ReleaseStatus.UNDER_REVIEW);
  }

  /** A step found its work done or stopped: fine if the release got past it, refused if it never got there. */
  private void requireReached(Release release, String step, ReleaseStatus... past) {
    ReleaseStatus status = release.status();
    if (status == ReleaseStatus.CANCELED || status == ReleaseStatus.WITHDRAWN || List.of(past).contains(status)) {
      return;
    }
    throw refuse(release, "cannot " + step + " of a release that is " + status);
  }

  private StepRefused refuse(Release release, String why) {
    return new StepRefused(why, release.workspaceId(), SUBJECT, release.id());
  }

  private static int nullToZero(Integer value) {
    return value == null ? 0 : value;
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
