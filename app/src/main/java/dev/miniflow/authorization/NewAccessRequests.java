package dev.miniflow.authorization;

import dev.miniflow.support.AuditTrail;
import java.time.Clock;
import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Transactional;

/**
 * Records an access request and starts its process in one transaction: an engine that does not
 * take the start leaves nothing behind.
 */
@Component
class NewAccessRequests {
  private final AccessGrantRepository grants;
  private final AuthorizationProcess process;
  private final AuditTrail audit;
  private final Clock clock;

  NewAccessRequests(AccessGrantRepository grants, AuthorizationProcess process, AuditTrail audit, Clock clock) {
    this.grants = grants;
    this.process = process;
    this.audit = audit;
    this.clock = clock;
  }

  @Transactional
  AccessGrant record(MiniProgramDirectory.Listing listing, String user, List<String> scopes, int days, String why) {
    AccessGrant saved = grants.save(new AccessGrant(null, listing.workspaceId(), listing.id(), user, scopes, days,
        why, GrantStatus.REQUESTED, clock.instant(), null, null, null, null, null, null, null, null));
    audit.record(user, AccessAudit.REQUESTED, saved.id(), listing.workspaceId(),
        scopes + " on " + listing.name() + " for " + days + " days: " + why);
    process.start(saved, listing.name());
    return grants.findById(saved.id()).orElseThrow();
  }
}
