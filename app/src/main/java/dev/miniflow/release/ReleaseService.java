package dev.miniflow.release;

import static dev.miniflow.release.ReleaseProcess.*;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.miniflow.miniprogram.AppVersion;
import dev.miniflow.miniprogram.InvalidPackageException;
import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.miniprogram.PackageReport;
import dev.miniflow.notification.Inbox;
import dev.miniflow.partner.PublicationReceipt;
import dev.miniflow.partner.PublicationRequest;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import io.camunda.client.CamundaClient;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.dao.DuplicateKeyException;
import org.springframework.data.relational.core.conversion.DbActionExecutionException;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Releases and the steps the release process runs on them. Every step is idempotent: a step
 * that finds its work already done returns quietly, because jobs may be delivered twice.
 */
@Service
public class ReleaseService {
  private static final Logger log = LoggerFactory.getLogger(ReleaseService.class);
  private static final String SUBJECT = "release";

  private final ReleaseRepository releases;
  private final MiniProgramService miniPrograms;
  private final TargetApps targetApps;
  private final WorkspaceAccess access;
  private final AuditTrail audit;
  private final Inbox inbox;
  private final PublicationSigner signer;
  private final CamundaClient engine;
  private final TransactionTemplate tx;
  private final ObjectMapper json;

  ReleaseService(ReleaseRepository releases, MiniProgramService miniPrograms, TargetApps targetApps,
      WorkspaceAccess access, AuditTrail audit, Inbox inbox, PublicationSigner signer, CamundaClient engine,
      TransactionTemplate tx, ObjectMapper json) {
    this.releases = releases;
    this.miniPrograms = miniPrograms;
    this.targetApps = targetApps;
    this.access = access;
    this.audit = audit;
    this.inbox = inbox;
    this.signer = signer;
    this.engine = engine;
    this.tx = tx;
    this.json = json;
  }

  /**
   * Asks for a version to be released to a target app. The release is recorded first, then its
   * process is started, so a worker never sees a release that is not committed yet.
   */
  public Release request(long versionId, long targetAppId, Environment environment) {
    if (environment == null) {
      throw Problems.invalid("An environment is required (PRODUCTION, SANDBOX, TEST or DEVELOPMENT).");
    }
    AppVersion version = miniPrograms.version(versionId);
    MiniProgram program = miniPrograms.get(version.miniProgramId());
    String requester = access.require(program.workspaceId(), "Version " + versionId, Role.DEVELOPER, Role.ADMIN);
    TargetApp app = targetApps.get(program.workspaceId(), targetAppId);

    Release created = tx.execute(status -> {
      try {
        Release saved = releases.save(new Release(null, program.workspaceId(), program.id(), version.id(), app.id(),
            environment, ReleaseStatus.CREATED, requester, Instant.now(), null, null, null, null, null, null, null,
            null, null, 0));
        audit.record(requester, "release.requested", SUBJECT, saved.id(), program.workspaceId(),
            program.name() + " " + version.version() + " to " + app.name() + " (" + environment + ")");
        return saved;
      } catch (DbActionExecutionException | DuplicateKeyException e) {
        if (!(e instanceof DuplicateKeyException) && !(e.getCause() instanceof DuplicateKeyException)) {
          throw e;
        }
        throw Problems.conflict("A release of " + program.name() + " to " + app.name() + " (" + environment
            + ") is already in flight; finish, withdraw or cancel it first.");
      }
    });

    Map<String, Object> variables = new LinkedHashMap<>();
    variables.put(VAR_RELEASE_ID, created.id());
    variables.put(VAR_WORKSPACE_ID, program.workspaceId());
    variables.put(VAR_REQUESTER, requester);
    variables.put(VAR_BUSINESS_KEY, String.valueOf(created.id()));
    variables.put(VAR_SUBJECT, program.name() + " " + version.version() + " → " + app.name() + " (" + environment + ")");
    variables.put("miniProgram", program.name());
    variables.put("version", version.version());
    variables.put("targetApp", app.name());
    variables.put("environment", environment.name());
    long instanceKey;
    try {
      instanceKey = engine.newCreateInstanceCommand().bpmnProcessId(PROCESS_ID).latestVersion()
          .variables(variables).send().join().getProcessInstanceKey();
    } catch (RuntimeException e) {
      log.warn("Could not start the release process for release {}", created.id(), e);
      tx.executeWithoutResult(status -> {
        releases.transition(created.id(), ReleaseStatus.CREATED.name(), ReleaseStatus.CANCELED.name());
        audit.record("system", "release.canceled", SUBJECT, created.id(), program.workspaceId(),
            "The workflow engine did not accept the release process: " + e.getMessage());
      });
      throw Problems.unavailable("The workflow engine is not reachable right now; the request was canceled and"
          + " nothing else changed. Please try again.");
    }
    tx.executeWithoutResult(status -> releases.attachProcessInstance(created.id(), instanceKey));
    return releases.findById(created.id()).orElseThrow();
  }

  /** The release, if the current user is a member of its workspace. */
  public Release get(long releaseId) {
    Release release = releases.findById(releaseId).orElseThrow(() -> Problems.notFound("Release " + releaseId));
    access.requireMember(release.workspaceId(), "Release " + releaseId);
    return release;
  }

  public List<Release> ofWorkspace(long workspaceId) {
    access.requireMember(workspaceId, "Workspace " + workspaceId);
    return releases.findTop100ByWorkspaceIdOrderByIdDesc(workspaceId);
  }

  public List<Release> ofMiniProgram(long miniProgramId) {
    miniPrograms.get(miniProgramId);
    return releases.findByMiniProgramIdOrderByIdDesc(miniProgramId);
  }

  Release load(long releaseId) {
    return releases.findById(releaseId).orElseThrow(() -> new IllegalStateException("No release " + releaseId));
  }

  /** Process step: checks the stored package again. @return false when the package is invalid. */
  @Transactional
  public boolean validate(long releaseId) {
    Release release = load(releaseId);
    if (release.status() != ReleaseStatus.CREATED) {
      return release.status() != ReleaseStatus.REJECTED;
    }
    try {
      PackageReport report = miniPrograms.verifyStoredPackage(release.versionId());
      releases.markValidated(releaseId, toJson(Map.of("valid", true, "package", report)));
      audit.record(AuditTrail.SYSTEM, "release.validated", SUBJECT, releaseId, release.workspaceId(),
          "Package valid: " + report.files() + " files, " + report.totalBytes() + " bytes");
      audit.record(AuditTrail.SYSTEM, "release.under-review", SUBJECT, releaseId, release.workspaceId(), null);
      return true;
    } catch (InvalidPackageException e) {
      releases.decide(releaseId, ReleaseStatus.CREATED.name(), ReleaseStatus.REJECTED.name(), AuditTrail.SYSTEM,
          "Package validation failed: " + e.getMessage(),
          toJson(Map.of("valid", false, "reason", e.reason().name(), "detail", e.getMessage())));
      audit.record(AuditTrail.SYSTEM, "release.rejected", SUBJECT, releaseId, release.workspaceId(),
          "Package validation failed: " + e.getMessage());
      return false;
    }
  }

  /** Process step: records the reviewer's decision taken in the review task. */
  @Transactional
  public void recordDecision(long releaseId, String decision, String comment, String reviewer) {
    Release release = load(releaseId);
    if (release.status() != ReleaseStatus.UNDER_REVIEW) {
      return;
    }
    boolean approved = DECISION_APPROVE.equals(decision);
    ReleaseStatus to = approved ? ReleaseStatus.APPROVED : ReleaseStatus.REJECTED;
    releases.decide(releaseId, ReleaseStatus.UNDER_REVIEW.name(), to.name(), reviewer, comment, null);
    audit.record(reviewer, approved ? "release.approved" : "release.rejected", SUBJECT, releaseId,
        release.workspaceId(), comment);
  }

  /** Process step: builds and signs the publication bundle (manifest and checksum). */
  @Transactional
  public void buildBundle(long releaseId) {
    Release release = load(releaseId);
    if (release.bundle() != null) {
      return;
    }
    if (release.status() != ReleaseStatus.APPROVED) {
      throw new IllegalStateException("Release " + releaseId + " is " + release.status() + ", not APPROVED");
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
    manifest.put("builtAt", Instant.now().toString());
    String bundle = toJson(manifest);
    String sha = PublicationSigner.sha256(bundle);
    if (releases.attachBundle(releaseId, bundle, sha, signer.sign(bundle)) == 1) {
      audit.record(AuditTrail.SYSTEM, "release.packaged", SUBJECT, releaseId, release.workspaceId(),
          "Bundle sha256 " + sha);
    }
  }

  /** Process step: publishes the bundle to the target app through its connector. */
  public void publish(long releaseId) {
    Release release = load(releaseId);
    if (release.status() == ReleaseStatus.RELEASED || release.status() == ReleaseStatus.ARCHIVED) {
      return;
    }
    if (release.status() != ReleaseStatus.APPROVED || release.bundle() == null) {
      throw new IllegalStateException("Release " + releaseId + " is not packaged and approved");
    }
    TargetApp app = targetApps.get(release.targetAppId());
    // Outside a transaction: the partner call may be slow and is idempotent on its key.
    PublicationReceipt receipt = targetApps.publish(new PublicationRequest(app, idempotencyKey(release, app),
        release.bundle(), release.bundleSha256(), release.bundleSignature()));
    tx.executeWithoutResult(status -> {
      if (releases.markReleased(releaseId) == 1) {
        int archived = releases.archivePreviousRelease(release.miniProgramId(), release.targetAppId(),
            release.environment().name(), releaseId);
        audit.record(AuditTrail.SYSTEM, "release.published", SUBJECT, releaseId, release.workspaceId(),
            "Live in " + app.name() + " (" + receipt.partnerReference() + ")");
        audit.record(AuditTrail.SYSTEM, "release.released", SUBJECT, releaseId, release.workspaceId(),
            archived > 0 ? "The previous full release was archived" : null);
      }
    });
  }

  static String idempotencyKey(Release release, TargetApp app) {
    return "release-" + release.id() + "-" + app.code();
  }

  /** Process step: tells the requester how their release ended. */
  @Transactional
  public void notifyRequester(long releaseId) {
    Release release = load(releaseId);
    AppVersion version = miniPrograms.versionWithoutAccessCheck(release.versionId());
    MiniProgram program = miniPrograms.miniProgramWithoutAccessCheck(release.miniProgramId());
    TargetApp app = targetApps.get(release.targetAppId());
    String what = program.name() + " " + version.version() + " in " + app.name() + " (" + release.environment() + ")";
    String subject;
    String body;
    switch (release.status()) {
      case RELEASED -> {
        subject = "Released: " + what;
        body = what + " is live. Approved by " + release.decidedBy() + ".";
      }
      case REJECTED -> {
        subject = "Rejected: " + what;
        body = what + " was rejected by " + release.decidedBy() + ": " + release.decisionComment();
      }
      default -> {
        subject = release.status() + ": " + what;
        body = what + " is now " + release.status() + ".";
      }
    }
    if (inbox.send(release.requestedBy(), "release-" + releaseId + "-" + release.status(), subject, body,
        "/releases/" + releaseId)) {
      audit.record(AuditTrail.SYSTEM, "release.notified", SUBJECT, releaseId, release.workspaceId(),
          "Requester " + release.requestedBy() + " notified: " + subject);
    }
  }

  private String toJson(Object value) {
    try {
      return json.writeValueAsString(value);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }
}
