package dev.miniflow.removal;

import static dev.miniflow.removal.RemovalProcess.*;

import dev.miniflow.support.AuditTrail;
import java.time.Duration;
import java.util.Map;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/** Removals after their process was lost (the embedded engine restarted empty) or canceled in the monitor. */
@Component
class RemovalRecovery {
  private final RemovalRepository removals;
  private final RemovalProcess process;
  private final RemovalParties parties;
  private final AuditTrail audit;
  private final Duration rectifyWithin;

  RemovalRecovery(RemovalRepository removals, RemovalProcess process, RemovalParties parties, AuditTrail audit,
      RemovalSettings settings) {
    this.removals = removals;
    this.process = process;
    this.parties = parties;
    this.audit = audit;
    this.rectifyWithin = settings.rectifyWithin();
  }

  /**
   * The embedded engine restarted empty: removals in flight get their process again at the step
   * their status shows. A finding keeps its original deadline; a rectification under review keeps
   * its author as the requester (four-eyes).
   */
  @org.springframework.context.event.EventListener
  @org.springframework.core.annotation.Order(10)
  public void on(dev.miniflow.engine.EngineStartedEmpty restarted) {
    for (Removal removal : removals.findInStatus(Removal.Status.names(Removal.Status.OPEN))) {
      String name = parties.programName(removal);
      String from;
      Map<String, Object> variables;
      if (removal.kind() == Removal.Kind.REQUESTED) {
        variables = RemovalProcess.variables(removal, removal.requestedBy(), "Remove " + name);
        from = removal.decidedBy() == null ? null : RemovalProcess.ELEMENT_TAKE_OFFLINE;
        process.startAt(removal, REMOVAL_ID, from, variables);
        continue;
      }
      variables = RemovalProcess.findingVariables(removal, removal.requestedBy(),
          "Finding on " + name + ": " + removal.rule(), false, rectifyWithin);
      variables.put(RemovalProcess.VAR_DEADLINE, removal.requestedAt().plus(rectifyWithin).toString());
      from = removal.status() == Removal.Status.RECTIFICATION_SUBMITTED ? RemovalProcess.ELEMENT_REVIEW_RECTIFICATION
          : RemovalProcess.ELEMENT_WAIT_JOIN;
      process.startAt(removal, FORCE_REMOVAL_ID, from, variables);
    }
  }

  /** An admin canceled the removal process in the monitor: the removal or finding ends withdrawn. */
  @org.springframework.context.event.EventListener
  @Transactional
  public void on(dev.miniflow.engine.ProcessInstanceCanceled canceled) {
    for (Removal removal : removals.findByProcessInstance(canceled.processInstanceKey())) {
      if (removals.transition(removal.id(), Removal.Status.names(Removal.Status.OPEN), Removal.Status.WITHDRAWN.name(), canceled.canceledBy(),
          "Process canceled in the monitor") == 1) {
        audit.record(canceled.canceledBy(), RemovalAudit.WITHDRAWN, removal.id(), removal.workspaceId(),
            "Its process instance was canceled in the monitor");
      }
    }
  }

}
