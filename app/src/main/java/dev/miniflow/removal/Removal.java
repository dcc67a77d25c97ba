package dev.miniflow.removal;

import dev.miniflow.engine.StepRefused;
import java.time.Instant;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
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
    UNDER_REVIEW, WITHDRAWN, REJECTED, WARNED, RECTIFICATION_SUBMITTED, RESOLVED, REMOVED;

    /** A removal or finding still open: it can be withdrawn (by a cancel) or end removed. */
    static final Set<Status> OPEN = EnumSet.of(UNDER_REVIEW, WARNED, RECTIFICATION_SUBMITTED);

    /** The names a query compares the status column with. */
    static List<String> names(Set<Status> statuses) {
      return statuses.stream().map(Enum::name).sorted().toList();
    }

    static List<String> names(Status status) {
      return List.of(status.name());
    }
  }

  /** The audit trail's and the step refusals' name for a removal. */
  static final String SUBJECT = "removal";

  /** A step of this removal's process that its recorded state does not allow. */
  StepRefused refuse(String why) {
    return new StepRefused(why, workspaceId, SUBJECT, id);
  }
}
