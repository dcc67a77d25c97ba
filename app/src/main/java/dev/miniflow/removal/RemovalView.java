package dev.miniflow.removal;

import java.time.Instant;
import java.util.List;

/**
 * A removal or finding as the API answers with it: its own type, so the removal table can change
 * without clients seeing it.
 */
record RemovalView(
    Long id,
    Long workspaceId,
    Long miniProgramId,
    Removal.Kind kind,
    Removal.Status status,
    List<Long> releaseIds,
    String reason,
    String requestedBy,
    Instant requestedAt,
    String decidedBy,
    String decisionComment,
    String rule,
    String evidence,
    Removal.Severity severity,
    String rectification,
    Long processInstanceKey,
    String rectifiedBy) {

  static RemovalView of(Removal r) {
    return new RemovalView(r.id(), r.workspaceId(), r.miniProgramId(), r.kind(), r.status(), r.releaseIds(),
        r.reason(), r.requestedBy(), r.requestedAt(), r.decidedBy(), r.decisionComment(), r.rule(), r.evidence(),
        r.severity(), r.rectification(), r.processInstanceKey(), r.rectifiedBy());
  }
}
