package dev.miniflow.listing;

import java.time.Instant;
import java.util.EnumSet;
import java.util.Set;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.ReadOnlyProperty;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A mini program's new listing for one target app where it is live, and what that app listed
 * before; both as the JSON the partner receives ({@link ListingSnapshot}).
 */
@Table("listing_change")
record ListingChange(
    @Id Long id,
    Long workspaceId,
    Long miniProgramId,
    Long targetAppId,
    Status status,
    String listing,
    String previous,
    String requestedBy,
    @ReadOnlyProperty Instant requestedAt,
    String decidedBy,
    String decisionComment,
    Instant decidedAt,
    Instant publishedAt,
    String partnerReference,
    Long processInstanceKey) {

  /** The audit trail's and the step refusals' name for a listing change. */
  static final String SUBJECT = "listing-change";

  enum Status {
    UNDER_REVIEW, APPROVED, PUBLISHED, REJECTED, PARTNER_REFUSED, WITHDRAWN;

    /** Under way: one per mini program and target app. */
    static final Set<Status> OPEN = EnumSet.of(UNDER_REVIEW, APPROVED);
  }
}
