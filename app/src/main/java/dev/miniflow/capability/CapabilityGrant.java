package dev.miniflow.capability;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A mini program's request for, or grant of, one capability in one target app. */
@Table("capability_grant")
record CapabilityGrant(
    @Id Long id,
    Long workspaceId,
    Long miniProgramId,
    Long targetAppId,
    String capabilityCode,
    Status status,
    String justification,
    String useDescription,
    String requestedBy,
    Instant requestedAt,
    String decidedBy,
    String decisionComment,
    Instant decidedAt,
    String endedBy,
    Instant endedAt,
    Long processInstanceKey) {

  /** The audit trail's and the step refusals' name for a capability grant. */
  static final String SUBJECT = "capability-grant";

  enum Status {
    REQUESTED, GRANTED, REJECTED, REVOKED;

    /** A request or grant that holds its place (one per mini program, target app and capability). */
    static final Set<Status> OPEN = EnumSet.of(REQUESTED, GRANTED);
  }
}
