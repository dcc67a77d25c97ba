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
      String from = restartAt(removal);
      Map<String, Object> variables;
      if (removal.kind() == Removal.Kind.REQUESTED) {
        variables = RemovalProcess.variables(removal, removal.requestedBy(), "Remove " + name);
        process.startAt(removal, REMOVAL_ID, from, variables);
        continue;
      }
      variables = RemovalProcess.findingVariables(removal, removal.requestedBy(),
          "Finding on " + name + ": " + removal.rule(), removal.severity() == Removal.Severity.SEVERE, rectifyWithin);
      variables.put(RemovalProcess.VAR_DEADLINE, removal.requestedAt().plus(rectifyWithin).toString());
      process.startAt(removal, FORCE_REMOVAL_ID, from, variables);
    }
  }

  /**
   * Where a removal's process starts again (an element id; null: at its start), as far as its row
   * shows it got: an approved request, and a severe finding (never warned, taken offline at once),
   * at taking it offline; a finding with a rectification waiting, at its review; any other finding
   * at its deadline, which it keeps.
   */
  static String restartAt(Removal removal) {
    if (removal.kind() == Removal.Kind.REQUESTED) {
      return removal.decidedBy() == null ? null : ELEMENT_TAKE_OFFLINE;
    }
    if (removal.severity() == Removal.Severity.SEVERE) {
      return ELEMENT_TAKE_OFFLINE;
    }
    return removal.status() == Removal.Status.RECTIFICATION_SUBMITTED ? ELEMENT_REVIEW_RECTIFICATION
        : ELEMENT_WAIT_JOIN;
  }

  /** An admin canceled the removal process in the monitor: the removal or finding ends withdrawn. */
  @org.springframework.context.event.EventListener
  @Transactional
  public void on(dev.miniflow.engine.ProcessInstanceCanceled canceled) {
    for (Removal removal : removals.findByProcessInstance(canceled.processInstanceKey())) {
      if (removals.transition(removal.id(), Removal.Status.names(Removal.Status.OPEN), Removal.Status.WITHDRAWN.name(),
          canceled.canceledBy(),
          "Process canceled in the monitor") == 1) {
        audit.record(canceled.canceledBy(), RemovalAudit.WITHDRAWN, removal.id(), removal.workspaceId(),
            "Its process instance was canceled in the monitor");
      }
    }
  }

}
