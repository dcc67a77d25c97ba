package dev.miniflow.listing;

import dev.miniflow.engine.EngineStartedEmpty;
import dev.miniflow.engine.ProcessInstanceCanceled;
import dev.miniflow.support.AuditTrail;
import org.springframework.context.event.EventListener;
import org.springframework.core.annotation.Order;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Listing changes after their process was lost (the embedded engine restarted empty) or canceled in the monitor. */
@Component
class ListingChangeRecovery {
  private final ListingChangeRepository changes;
  private final ListingChangeProcess process;
  private final AuditTrail audit;

  ListingChangeRecovery(ListingChangeRepository changes, ListingChangeProcess process, AuditTrail audit) {
    this.changes = changes;
    this.process = process;
    this.audit = audit;
  }

  /** Changes waiting for their review are reviewed again; approved ones are published (once: the key is the change's). */
  @EventListener
  @Order(10)
  public void on(EngineStartedEmpty restarted) {
    for (ListingChange change : changes.findOpen()) {
      process.restart(change,
          change.status() == ListingChange.Status.APPROVED ? ListingChangeProcess.ELEMENT_PUBLISH : null);
    }
  }

  /** An admin canceled the process in the monitor: the change ends withdrawn, the partner keeps its listing. */
  @EventListener
  @Transactional
  public void on(ProcessInstanceCanceled canceled) {
    for (ListingChange change : changes.findBoundTo(canceled.processInstanceKey())) {
      for (ListingChange.Status from : ListingChange.Status.OPEN) {
        if (changes.decide(change.id(), from.name(), ListingChange.Status.WITHDRAWN.name(), canceled.canceledBy(),
            "Its process instance was canceled in the monitor") == 1) {
          audit.record(canceled.canceledBy(), ListingAudit.WITHDRAWN, change.id(), change.workspaceId(),
              "Its process instance was canceled in the monitor");
        }
      }
    }
  }
}
