package dev.miniflow.removal;

import static dev.miniflow.removal.RemovalProcess.FORCE_REMOVAL_ID;
import static dev.miniflow.removal.RemovalProcess.REMOVAL_ID;

import dev.miniflow.miniprogram.MiniProgram;
import dev.miniflow.partner.TargetApp;
import dev.miniflow.release.Environment;
import dev.miniflow.release.Release;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records a removal and starts its process in one transaction: an engine that does not take the
 * start leaves nothing behind.
 */
@Component
class NewRemovals {
  private final RemovalRepository removals;
  private final RemovalProcess process;
  private final AuditTrail audit;
  private final Clock clock;
  private final Duration rectifyWithin;

  NewRemovals(RemovalRepository removals, RemovalProcess process, AuditTrail audit, Clock clock,
      RemovalSettings settings) {
    this.removals = removals;
    this.process = process;
    this.audit = audit;
    this.clock = clock;
    this.rectifyWithin = settings.rectifyWithin();
  }

  @Transactional
  Removal requested(MiniProgram program, TargetApp app, Environment environment, Release live, String reason,
      String user) {
    if (removals.openFor(program.id(), live.id(), Removal.Status.names(Removal.Status.OPEN))) {
      throw Problems.conflict("A removal of this release is already open.");
    }
    Removal saved = removals.save(new Removal(null, program.workspaceId(), program.id(), Removal.Kind.REQUESTED,
        Removal.Status.UNDER_REVIEW, List.of(live.id()), reason, user, clock.instant(), null, null, null, null,
        null, null, null, null));
    audit.record(user, RemovalAudit.REQUESTED, saved.id(), program.workspaceId(),
        program.name() + " from " + app.name() + " (" + environment + "): " + reason);
    process.start(REMOVAL_ID, saved, RemovalProcess.variables(saved, user,
        "Remove " + program.name() + " from " + app.name() + " (" + environment + ")"));
    return removals.findCommitted(saved.id()).orElseThrow();
  }

  @Transactional
  Removal found(MiniProgram program, List<Long> affected, String rule, String evidence, Removal.Severity severity,
      String inspector) {
    Removal saved = removals.save(new Removal(null, program.workspaceId(), program.id(), Removal.Kind.FORCED,
        Removal.Status.WARNED, new ArrayList<>(affected), "Rule broken: " + rule, inspector, clock.instant(),
        null, null, rule, evidence, severity, null, null, null));
    audit.record(inspector, RemovalAudit.FINDING, saved.id(), program.workspaceId(),
        severity + " " + rule + ": " + evidence + " (releases " + affected + ")");
    process.start(FORCE_REMOVAL_ID, saved, RemovalProcess.findingVariables(saved, inspector,
        "Finding on " + program.name() + ": " + rule, severity == Removal.Severity.SEVERE, rectifyWithin));
    return removals.findCommitted(saved.id()).orElseThrow();
  }
}
