package dev.miniflow.release;

import dev.miniflow.support.DomainException;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyLong;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.never;
import static org.mockito.Mockito.verify;

import dev.miniflow.authorization.AccessPolicy;
import dev.miniflow.engine.EngineStartedEmpty;
import dev.miniflow.engine.ProcessInstanceCanceled;
import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.notification.Inbox;
import dev.miniflow.partner.PartnerConfirmation;
import dev.miniflow.partner.PartnerSettings;
import dev.miniflow.partner.TargetApps;
import dev.miniflow.support.AuditEvent;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.tasklist.TaskIntake;
import dev.miniflow.testing.ModuleRows;
import dev.miniflow.testing.ModuleTestEnvironment;
import dev.miniflow.workspace.WorkspaceAccess;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The release module alone (with support) and what other modules' events make it do: a partner's
 * confirmation, an admin's cancel in the monitor, an engine that restarted empty. The engine
 * gateway ({@link ReleaseProcess}) is a mock, so the test sees what recovery asks of the engine.
 */
@ApplicationModuleTest(extraIncludes = "support")
@ModuleTestEnvironment
class ReleaseModuleTest {
  private static final AtomicLong INSTANCE_KEYS = new AtomicLong(System.nanoTime());

  @MockitoBean ReleaseProcess process;
  // the other modules' beans the release module's own need
  @MockitoBean TargetApps targetApps;
  @MockitoBean WorkspaceAccess access;
  @MockitoBean MiniProgramService miniPrograms;
  @MockitoBean AccessPolicy policy;
  @MockitoBean TaskIntake tasks;
  @MockitoBean Inbox inbox;
  @MockitoBean PartnerSettings partnerSettings;
  @MockitoBean dev.miniflow.miniprogram.ServerDomains serverDomains;
  @MockitoBean dev.miniflow.capability.Capabilities capabilities;
  @MockitoBean dev.miniflow.tasklist.sla.TaskSchedules schedules;

  private final ReleaseRepository releases;
  private final AuditTrail audit;
  private final ApplicationEventPublisher events;
  private final TransactionTemplate tx;
  private final ModuleRows rows;

  ReleaseModuleTest(ReleaseRepository releases, AuditTrail audit, ApplicationEventPublisher events,
      TransactionTemplate tx, JdbcClient jdbc) {
    this.releases = releases;
    this.audit = audit;
    this.events = events;
    this.tx = tx;
    this.rows = new ModuleRows(jdbc);
  }

  @Test
  void aPartnersConfirmationIsRecordedOnTheReleaseAndInTheAuditTrail(Scenario scenario) {
    Release release = release(ReleaseStatus.RELEASED, null);
    String key = "release-" + release.id() + "-native-FULL";
    scenario.publish(new PartnerConfirmation(release.targetAppId(), key, "LIVE", null))
        .andWaitForStateChange(() -> reread(release).partnerStatus())
        .andVerify(status -> {
          assertThat(status).isEqualTo("LIVE");
          assertThat(reread(release).status()).isEqualTo(ReleaseStatus.RELEASED);
          assertThat(audit.forSubject("release", release.id())).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("partner");
            assertThat(e.action()).isEqualTo("release.partner-confirmed");
            assertThat(e.workspaceId()).isEqualTo(release.workspaceId());
            assertThat(e.detail()).isEqualTo(key);
          });
        });
  }

  @Test
  void aPartnerTakingAReleaseDownAfterwardsIsRecordedWithItsReason(Scenario scenario) {
    Release release = release(ReleaseStatus.RELEASED, null);
    String key = "release-" + release.id() + "-native-FULL";
    scenario.publish(new PartnerConfirmation(release.targetAppId(), key, "REJECTED", "logo violates brand rules"))
        .andWaitForStateChange(() -> reread(release).partnerStatus())
        .andVerify(status -> {
          assertThat(status).isEqualTo("REJECTED");
          assertThat(reread(release).partnerReason()).isEqualTo("logo violates brand rules");
          assertThat(audit.forSubject("release", release.id())).extracting(AuditEvent::action, AuditEvent::detail)
              .containsExactly(org.assertj.core.groups.Tuple.tuple("release.partner-withdrew",
                  key + ": logo violates brand rules"));
        });
  }

  /** The callback is signed per target app: a partner can speak only about publications to its own app. */
  @Test
  void aConfirmationFromAnotherTargetAppIsRefusedAndChangesNothing() {
    Release release = release(ReleaseStatus.RELEASED, null);
    long otherApp = rows.targetApp(rows.workspace(), "wallet");
    String key = "release-" + release.id() + "-native-FULL";
    assertRefusedAsNotFound(new PartnerConfirmation(otherApp, key, "REJECTED", "forged"));
    assertRefusedAsNotFound(new PartnerConfirmation(release.targetAppId(), "promotion-" + release.id(), "LIVE", null));
    assertRefusedAsNotFound(
        new PartnerConfirmation(release.targetAppId(), "release-999999999-native-FULL", "LIVE", null));
    assertThat(reread(release).partnerStatus()).isNull();
    assertThat(audit.forSubject("release", release.id())).isEmpty();
  }

  @Test
  void canceledInTheMonitorItsReleasesInFlightEndCanceled(Scenario scenario) {
    long instance = INSTANCE_KEYS.incrementAndGet();
    Release underReview = bind(release(ReleaseStatus.UNDER_REVIEW, null), instance);
    Release live = bind(release(ReleaseStatus.RELEASED, null), instance);
    Release elsewhere = bind(release(ReleaseStatus.UNDER_REVIEW, null), INSTANCE_KEYS.incrementAndGet());
    scenario.publish(new ProcessInstanceCanceled(instance, ReleaseProcess.PROCESS_ID, "admin"))
        .andWaitForStateChange(() -> reread(underReview).status(), s -> s == ReleaseStatus.CANCELED)
        .andVerify(s -> {
          assertThat(reread(underReview).stoppedReason()).isEqualTo("Process canceled by admin");
          assertThat(audit.forSubject("release", underReview.id())).singleElement().satisfies(e -> {
            assertThat(e.actor()).isEqualTo("admin");
            assertThat(e.action()).isEqualTo("release.canceled");
          });
          // what is live stays live, and another instance's release is not touched
          assertThat(reread(live).status()).isEqualTo(ReleaseStatus.RELEASED);
          assertThat(reread(elsewhere).status()).isEqualTo(ReleaseStatus.UNDER_REVIEW);
          assertThat(audit.forSubject("release", live.id())).isEmpty();
        });
  }

  @Test
  void afterAnEmptyEngineStartEveryReleaseInFlightGetsItsProcessAgain(Scenario scenario) {
    doAnswer(call -> {
      call.getArgument(3, LongConsumer.class).accept(INSTANCE_KEYS.incrementAndGet());
      return 1L;
    }).when(process).start(anyLong(), any(), any(), any());
    Release underReview = release(ReleaseStatus.UNDER_REVIEW, null);
    Release rolloutAsked = release(ReleaseStatus.APPROVED, "FULL");
    Release rejected = release(ReleaseStatus.REJECTED, null);
    Release live = release(ReleaseStatus.RELEASED, null);
    scenario.publish(new EngineStartedEmpty())
        .andWaitForStateChange(() -> audit.forSubject("release", underReview.id()))
        .andVerify(entries -> {
          assertThat(entries).singleElement().satisfies(e -> {
            assertThat(e.action()).isEqualTo("release.recovered");
            assertThat(e.detail()).isEqualTo("Process started again at status UNDER_REVIEW after an engine restart");
          });
          verify(process).start(eq(underReview.workspaceId()), eq(List.of(underReview.id())), eq("developer"), any());
          verify(process).start(eq(rolloutAsked.workspaceId()), eq(List.of(rolloutAsked.id())), eq("developer"), any());
          // the rollout an operator asked for is asked for again; the review is not
          verify(process).tell(ReleaseProcess.MESSAGE_ROLLOUT, rolloutAsked.id());
          verify(process, never()).tell(ReleaseProcess.MESSAGE_ROLLOUT, underReview.id());
          for (Release ended : List.of(rejected, live)) {
            verify(process, never()).start(anyLong(), eq(List.of(ended.id())), any(), any());
          }
        });
  }

  private void assertRefusedAsNotFound(PartnerConfirmation confirmation) {
    assertThatThrownBy(() -> tx.executeWithoutResult(s -> events.publishEvent(confirmation)))
        .isInstanceOfSatisfying(DomainException.class,
            e -> assertThat(e.kind()).isEqualTo(DomainException.Kind.NOT_FOUND));
  }

  /** A release of its own mini program (one in flight per program × app × environment) at the status. */
  private Release release(ReleaseStatus status, String pendingStage) {
    long workspaceId = rows.workspace();
    long miniProgramId = rows.miniProgram(workspaceId);
    long versionId = rows.version(miniProgramId, "1.0.0");
    long targetAppId = rows.targetApp(workspaceId, "native");
    Release saved = releases.save(Release.requested(workspaceId, miniProgramId, versionId, targetAppId,
        Environment.PRODUCTION, "developer", true, null, Instant.now()));
    tx.executeWithoutResult(s -> {
      assertThat(releases.transition(saved.id(), ReleaseStatus.CREATED.name(), status.name())).isEqualTo(1);
      if (pendingStage != null) {
        releases.requestRollout(saved.id(), pendingStage, null, null, List.of(status.name()));
      }
    });
    return reread(saved);
  }

  private Release bind(Release release, long instanceKey) {
    tx.executeWithoutResult(s -> releases.attachProcessInstance(release.id(), instanceKey));
    return reread(release);
  }

  private Release reread(Release release) {
    return releases.findById(release.id()).orElseThrow();
  }
}
