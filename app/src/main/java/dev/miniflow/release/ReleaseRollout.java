package dev.miniflow.release;

import dev.miniflow.partner.PartnerConfirmation;
import dev.miniflow.partner.PartnerRejectedException;
import dev.miniflow.partner.PublicationReceipt;
import dev.miniflow.partner.PublicationRequest;
import dev.miniflow.partner.RolloutStage;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The roll-out step of bpmn/release.bpmn (pilot, grayscale, full, through the target app's
 * connector) and the partner's callbacks about what it published.
 */
@Component
class ReleaseRollout {
  private final ReleaseRepository releases;
  private final ReleaseProcess process;
  private final TargetApps targetApps;
  private final AuditTrail audit;
  private final TransactionTemplate tx;

  ReleaseRollout(ReleaseRepository releases, ReleaseProcess process, TargetApps targetApps, AuditTrail audit,
      TransactionTemplate tx) {
    this.releases = releases;
    this.process = process;
    this.targetApps = targetApps;
    this.audit = audit;
    this.tx = tx;
  }

  /**
   * Applies the rollout step an operator asked for (or the full release of an automatic one)
   * through the target app's connector. @return whether the release is now fully released
   */
  boolean rollOut(long instanceKey, long releaseId) {
    Release release = tx.execute(status -> process.bound(instanceKey, releaseId));
    Boolean settled = settled(release.status());
    if (settled != null) {
      return settled;
    }
    if (release.status().terminal() || release.bundle() == null) {
      throw release.refuse("a release " + release.status() + (release.bundle() == null ? " without a bundle" : "")
          + " cannot be published");
    }
    RolloutStage stage = release.pendingStage() != null ? RolloutStage.valueOf(release.pendingStage())
        : release.status() == ReleaseStatus.APPROVED && release.autoRelease() ? RolloutStage.FULL : null;
    if (stage == null) {
      return false;
    }
    TargetApp app = targetApps.get(release.targetAppId());
    Integer percent = stage == RolloutStage.GRAYSCALE ? release.pendingPercent() : null;
    String key = PublicationKey.of(releaseId, app.code(), stage, percent, release.testers());
    // A job may be delivered twice at once: only the delivery holding the claim asks the partner
    // (which need not honour the idempotency key); the claim is taken on the version read above, so
    // a delivery that read the release before another one applied it cannot publish it again.
    if (!Boolean.TRUE.equals(tx.execute(status -> releases.claimPublication(releaseId, release.lockVersion()) == 1))) {
      Boolean now = settled(tx.execute(status -> process.bound(instanceKey, releaseId)).status());
      if (now != null) {
        return now;
      }
      throw new PublicationInProgress(releaseId);
    }
    // Outside a transaction: the partner call may be slow.
    PublicationReceipt receipt;
    try {
      receipt = targetApps.publish(new PublicationRequest(app, key, release.bundle(), release.bundleSha256(),
          release.bundleSignature(), stage, stage == RolloutStage.PILOT ? release.testers() : null, percent));
    } catch (PartnerRejectedException e) {
      // recorded here, where the partner said it: the step that follows only reads it
      tx.executeWithoutResult(status -> {
        releases.endPublication(releaseId);
        if (releases.markPartnerRejected(releaseId, e.getMessage(),
            ReleaseStatus.names(ReleaseStatus.ROLLOUT_FROM)) == 1) {
          audit.record("partner", ReleaseAudit.REJECTED, releaseId, release.workspaceId(), e.getMessage());
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
      case OFFLINE, LISTING -> throw new IllegalStateException(stage + " is not a rollout step");
    };
    Boolean applied = tx.execute(status -> {
      releases.endPublication(releaseId);
      if (releases.applyRollout(releaseId, release.pendingStage(), release.pendingPercent(), to.name(),
          to == ReleaseStatus.RELEASED ? null : percent, ReleaseStatus.names(ReleaseStatus.ROLLOUT_FROM)) == 0) {
        return false; // an operator asked for something newer meanwhile: its own message follows
      }
      releases.recordReceipt(releaseId, app.id(), stage.name(), to == ReleaseStatus.RELEASED ? null : percent, key,
          receipt.partnerReference(), receipt.publishedAt());
      String detail = switch (stage) {
        case PILOT -> release.testers().size() + " testers in " + app.name();
        case GRAYSCALE -> percent + "% of users in " + app.name();
        case FULL -> "Live in " + app.name() + " (" + receipt.partnerReference() + ")";
        case OFFLINE, LISTING -> throw new IllegalStateException(stage + " is not a rollout step");
      };
      audit.record(AuditTrail.SYSTEM, ReleaseAudit.reached(to), releaseId,
          release.workspaceId(), detail);
      if (to == ReleaseStatus.RELEASED) {
        int archived = releases.archivePreviousRelease(release.miniProgramId(), release.targetAppId(),
            release.environment().name(), releaseId);
        if (archived > 0) {
          audit.record(AuditTrail.SYSTEM, ReleaseAudit.PREVIOUS_ARCHIVED, releaseId, release.workspaceId(),
              "The previous full release was archived");
        }
        if (releases.liftBlock(release.miniProgramId(), release.targetAppId(), release.environment().name()) > 0) {
          audit.record(AuditTrail.SYSTEM, ReleaseAudit.RESTORED, releaseId, release.workspaceId(),
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

  /** A partner's signed callback about one of our publications. */
  @EventListener
  @Transactional
  public void partnerConfirmed(PartnerConfirmation confirmation) {
    long releaseId = PublicationKey.releaseOf(confirmation.idempotencyKey())
        .orElseThrow(() -> Problems.notFound("Publication " + confirmation.idempotencyKey()));
    Release release = releases.findById(releaseId).filter(r -> r.targetAppId() == confirmation.targetAppId())
        .orElseThrow(() -> Problems.notFound("Publication " + confirmation.idempotencyKey()));
    releases.recordPartnerStatus(releaseId, confirmation.status(), confirmation.reason());
    audit.record("partner",
        "LIVE".equals(confirmation.status()) ? ReleaseAudit.PARTNER_CONFIRMED : ReleaseAudit.PARTNER_WITHDREW,
        releaseId, release.workspaceId(), confirmation.idempotencyKey()
            + (confirmation.reason() == null ? "" : ": " + confirmation.reason()));
  }
}
