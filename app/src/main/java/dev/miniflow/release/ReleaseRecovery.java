package dev.miniflow.release;

import static dev.miniflow.release.ReleaseProcess.MESSAGE_ROLLOUT;

import dev.miniflow.engine.EngineStartedEmpty;
import dev.miniflow.engine.ProcessInstanceCanceled;
import dev.miniflow.support.AuditTrail;
import java.util.List;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** What the release process does when the engine forgot its instances, or an admin canceled one. */
@Component
class ReleaseRecovery {
  private final ReleaseRepository releases;
  private final ReleaseProcess process;
  private final AuditTrail audit;

  ReleaseRecovery(ReleaseRepository releases, ReleaseProcess process, AuditTrail audit) {
    this.releases = releases;
    this.process = process;
    this.audit = audit;
  }

  /**
   * The embedded engine restarted empty: every release in flight gets its process again. Its steps
   * read the recorded status, so a decided release is not reviewed again, and a rollout an
   * operator asked for but that was not applied yet is asked for again.
   */
  @EventListener
  @Order(10)
  public void on(EngineStartedEmpty restarted) {
    for (Release release : releases.findInStatus(ReleaseStatus.names(ReleaseStatus.IN_FLIGHT))) {
      process.start(release.workspaceId(), List.of(release.id()), release.requestedBy(),
          key -> audit.record(AuditTrail.SYSTEM, ReleaseAudit.RECOVERED, release.id(), release.workspaceId(),
              "Process started again at status " + release.status() + " after an engine restart"));
      if (release.pendingStage() != null) {
        process.tell(MESSAGE_ROLLOUT, release.id());
      }
    }
  }

  /** An admin canceled the release process in the monitor: its releases in flight end canceled. */
  @EventListener
  @Transactional
  public void on(ProcessInstanceCanceled canceled) {
    for (Release release : releases.findByProcessInstance(canceled.processInstanceKey())) {
      if (releases.stop(release.id(), ReleaseStatus.names(ReleaseStatus.IN_FLIGHT), ReleaseStatus.CANCELED.name(),
          "Process canceled by " + canceled.canceledBy()) == 1) {
        audit.record(canceled.canceledBy(), ReleaseAudit.CANCELED, release.id(), release.workspaceId(),
            "Its process instance was canceled in the monitor");
      }
    }
  }
}
