package dev.miniflow.removal;

import java.time.Instant;
import java.util.List;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * Taking a mini program offline: asked for by its owners for one target app and environment
 * (REQUESTED), or imposed by an inspector for a finding (FORCED).
 *
 * @param releaseIds the live full releases this removal takes offline
 */
@Table("removal")
public record Removal(
    @Id Long id,
    Long workspaceId,
    Long miniProgramId,
    Kind kind,
    Status status,
    List<Long> releaseIds,
    String reason,
    String requestedBy,
    Instant requestedAt,
    String decidedBy,
    String decisionComment,
    String rule,
    String evidence,
    Severity severity,
    String rectification,
    Long processInstanceKey,
    /** The owner whose rectification waits for review: they may not review it. */
    String rectifiedBy) {

  public enum Kind { REQUESTED, FORCED }

  public enum Severity { MINOR, MAJOR, SEVERE }

  public enum Status {
    UNDER_REVIEW, WITHDRAWN, REJECTED, WARNED, RECTIFICATION_SUBMITTED, RESOLVED, REMOVED
  }
}
