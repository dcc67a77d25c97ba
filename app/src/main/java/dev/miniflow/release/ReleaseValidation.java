package dev.miniflow.release;

import static dev.miniflow.release.ReleaseProcess.VAR_AUTO_RELEASE;
import static dev.miniflow.release.ReleaseProcess.VAR_REVIEW_REQUIRED;
import static dev.miniflow.release.ReleaseProcess.VAR_SUBJECT;
import static dev.miniflow.release.ReleaseProcess.VAR_REVIEW_DUE_AT;
import static dev.miniflow.release.ReleaseProcess.VAR_REVIEW_REMIND_IN;
import static dev.miniflow.release.ReleaseProcess.VAR_REVIEW_DUE_IN;
import static dev.miniflow.release.ReleaseProcess.PROCESS_ID;
import static dev.miniflow.release.ReleaseProcess.ELEMENT_REVIEW;
import static dev.miniflow.release.ReleaseProcess.VAR_PRIORITY;

import dev.miniflow.tasklist.sla.Sla;
import dev.miniflow.tasklist.sla.TaskSchedules;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.miniprogram.AppVersion;
import dev.miniflow.miniprogram.InvalidPackageException;
import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.miniprogram.PackageReport;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.support.AuditTrail;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * The validate step of bpmn/release.bpmn for each target app: the stored package again, and the
 * target app's checks ({@link TargetAppChecks}). Idempotent, as every step: jobs may be delivered twice.
 */
@Component
class ReleaseValidation {
  private final ReleaseRepository releases;
  private final ReleaseProcess process;
  private final MiniProgramService miniPrograms;
  private final TargetAppChecks checks;
  private final AuditTrail audit;
  private final ObjectMapper json;
  private final TaskSchedules schedules;
  private final java.time.Clock clock;
  private final ExpeditedReviews expedited;

  ReleaseValidation(ReleaseRepository releases, ReleaseProcess process, MiniProgramService miniPrograms,
      TargetAppChecks checks, AuditTrail audit, ObjectMapper json, TaskSchedules schedules, java.time.Clock clock,
      ExpeditedReviews expedited) {
    this.expedited = expedited;
    this.schedules = schedules;
    this.clock = clock;
    this.releases = releases;
    this.process = process;
    this.miniPrograms = miniPrograms;
    this.checks = checks;
    this.audit = audit;
    this.json = json;
  }

  /** What the process needs to know after validation; {@code valid == false} ends the flow for this target. */
  record Outcome(boolean valid, boolean reviewRequired, boolean autoRelease, String subject, Review review) {
    Map<String, Object> variables() {
      return Map.of(VAR_REVIEW_REQUIRED, reviewRequired, VAR_AUTO_RELEASE, autoRelease, VAR_SUBJECT, subject,
          VAR_REVIEW_DUE_AT, review.dueAt().toString(), VAR_REVIEW_REMIND_IN, review.remindIn().toString(),
          VAR_REVIEW_DUE_IN, review.dueIn().toString(), VAR_PRIORITY, review.priority());
    }
  }

  /**
   * The review's due date, counted from the request (so an instance recreated after an engine
   * restart keeps it), and how long from now its timers wait: until the reminder, until the due date.
   */
  record Review(java.time.Instant dueAt, java.time.Duration remindIn, java.time.Duration dueIn, int priority) {
    private static final java.time.Duration SOON = java.time.Duration.ofSeconds(1);
    static final int USUAL_PRIORITY = 50;

    static Review of(Sla sla, java.time.Instant requestedAt, java.time.Instant now) {
      return of(sla, requestedAt, now, java.util.Optional.empty());
    }

    /** An expedited review is due by {@code expeditedBy} if that is sooner, and comes first in the queues. */
    static Review of(Sla sla, java.time.Instant requestedAt, java.time.Instant now,
        java.util.Optional<java.time.Instant> expeditedBy) {
      java.time.Instant due = requestedAt.plus(sla.dueWithin());
      if (expeditedBy.isPresent() && expeditedBy.get().isBefore(due)) {
        due = expeditedBy.get();
      }
      return new Review(due, atLeastSoon(java.time.Duration.between(now, due.minus(sla.remindBefore()))),
          atLeastSoon(java.time.Duration.between(now, due)),
          expeditedBy.isPresent() ? ExpeditedReviews.PRIORITY : USUAL_PRIORITY);
    }

    private static java.time.Duration atLeastSoon(java.time.Duration wait) {
      return wait.compareTo(SOON) < 0 ? SOON : wait;
    }
  }

  /**
   * Checks the stored package again and the target app's listing rules. A valid release goes to
   * review, or straight to approved where no review is needed.
   */
  @Transactional
  Outcome validate(long instanceKey, long releaseId) {
    Release release = process.bound(instanceKey, releaseId);
    AppVersion version = miniPrograms.versionWithoutAccessCheck(release.versionId());
    MiniProgram program = miniPrograms.miniProgramWithoutAccessCheck(release.miniProgramId());
    TargetApp app = checks.targetApp(release);
    String subject = Release.subject(release, program, version, app);
    Sla sla = schedules.forStep(release.workspaceId(), PROCESS_ID, ELEMENT_REVIEW, app.name());
    Review review = Review.of(sla, release.requestedAt(), clock.instant(), expedited.dueBy(release.id()));
    boolean autoRelease = release.autoRelease();
    if (release.status() != ReleaseStatus.CREATED) {
      // validated before (a job delivered twice, or a process recreated after an engine restart):
      // only a release still under review goes to review; a decided one is never reviewed again
      return new Outcome(release.status() != ReleaseStatus.REJECTED, release.status() == ReleaseStatus.UNDER_REVIEW,
          autoRelease, subject, review);
    }
    PackageReport report;
    try {
      report = miniPrograms.verifyStoredPackage(version);
    } catch (InvalidPackageException e) {
      reject(release, "Package validation failed: " + e.getMessage(),
          Map.of("valid", false, "reason", e.reason().name(), "detail", e.getMessage()));
      return new Outcome(false, release.reviewRequired(), autoRelease, subject, review);
    }
    var refusal = checks.refusal(release, program, app, report);
    if (refusal.isPresent()) {
      reject(release, refusal.get().message(), Map.of("valid", false, "reason", refusal.get().reason(), "targetApp",
          app.name(), "violations", refusal.get().problems(), "package", report));
      return new Outcome(false, release.reviewRequired(), autoRelease, subject, review);
    }
    String reportJson = toJson(Map.of("valid", true, "package", report, "targetApp", app.name()));
    audit.record(AuditTrail.SYSTEM, ReleaseAudit.VALIDATED, releaseId, release.workspaceId(),
        "Package valid (" + report.files() + " files, " + report.totalBytes() + " bytes); " + app.name()
            + " rules met");
    if (release.reviewRequired()) {
      releases.markUnderReview(releaseId, reportJson);
      audit.record(AuditTrail.SYSTEM, ReleaseAudit.UNDER_REVIEW, releaseId, release.workspaceId(), null);
    } else {
      releases.decide(releaseId, ReleaseStatus.CREATED.name(), ReleaseStatus.APPROVED.name(), AuditTrail.SYSTEM,
          "No review needed for " + release.environment() + " in " + app.name(), reportJson);
      audit.record(AuditTrail.SYSTEM, ReleaseAudit.APPROVED, releaseId, release.workspaceId(),
          "No review needed for " + release.environment() + " in " + app.name());
    }
    return new Outcome(true, release.reviewRequired(), autoRelease, subject, review);
  }

  private void reject(Release release, String reason, Map<String, Object> report) {
    releases.decide(release.id(), ReleaseStatus.CREATED.name(), ReleaseStatus.REJECTED.name(), AuditTrail.SYSTEM,
        reason, toJson(report));
    audit.record(AuditTrail.SYSTEM, ReleaseAudit.REJECTED, release.id(), release.workspaceId(), reason);
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
