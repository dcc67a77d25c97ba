package dev.miniflow.authorization;

import static dev.miniflow.authorization.AuthorizationProcess.*;

import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.time.Clock;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Developers ask for scopes on a mini program for a period; its admins (or the workspace's)
 * decide; the grant ends by itself at expiry (an engine timer) or at once when revoked. The
 * commands people call; the steps are {@link AccessSteps}, the recovery {@link AccessRecovery},
 * the engine {@link AuthorizationProcess}.
 */
@Service
public class AccessRequests {
  static final String SUBJECT = "grant";
  private final AccessGrantRepository grants;
  private final AuthorizationProcess process;
  private final MiniProgramDirectory miniPrograms;
  private final AccessPolicy policy;
  private final WorkspaceAccess workspaces;
  private final AuditTrail audit;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final int maxDays;

  AccessRequests(AccessGrantRepository grants, AuthorizationProcess process, MiniProgramDirectory miniPrograms,
      AccessPolicy policy, WorkspaceAccess workspaces, AuditTrail audit, TransactionTemplate tx, Clock clock,
      GrantSettings settings) {
    this.grants = grants;
    this.process = process;
    this.miniPrograms = miniPrograms;
    this.policy = policy;
    this.workspaces = workspaces;
    this.audit = audit;
    this.tx = tx;
    this.clock = clock;
    this.maxDays = settings.maxDays();
  }

  public AccessGrant request(long miniProgramId, Set<Scope> scopes, int days, String justification) {
    var listing = listing(miniProgramId);
    String user = workspaces.require(listing.workspaceId(), "Mini program " + miniProgramId, Role.DEVELOPER, Role.ADMIN);
    if (scopes == null || scopes.isEmpty()) {
      throw Problems.invalid("Ask for at least one scope: upload, release, analytics or members.");
    }
    if (days < 1 || days > maxDays) {
      throw Problems.invalid("Access can be asked for 1 to " + maxDays + " days.");
    }
    String why = dev.miniflow.support.Text.prose(justification, "justification", 2000);
    if (why.length() < 10 || why.length() > 2000) {
      throw Problems.invalid("Say in 10 to 2000 characters why you need this access.");
    }
    List<String> scopeNames = EnumSet.copyOf(scopes).stream().map(Enum::name).toList();
    // the request, its audit entry and the process start commit together: an engine that does not
    // take the start leaves nothing behind
    return tx.execute(s -> {
      AccessGrant saved = grants.save(new AccessGrant(null, listing.workspaceId(), miniProgramId, user, scopeNames, days,
          why, GrantStatus.REQUESTED, clock.instant(), null, null, null, null, null, null, null, null));
      audit.record(user, AccessAudit.REQUESTED, saved.id(), listing.workspaceId(),
          scopeNames + " on " + listing.name() + " for " + days + " days: " + why);
      process.start(saved, listing.name());
      return grants.findById(saved.id()).orElseThrow();
    });
  }

  public List<AccessGrant> ofMiniProgram(long miniProgramId) {
    var listing = listing(miniProgramId);
    workspaces.requireMember(listing.workspaceId(), "Mini program " + miniProgramId);
    return grants.findByMiniProgramIdOrderByIdDesc(miniProgramId);
  }

  public AccessGrant get(long grantId) {
    AccessGrant grant = grants.findById(grantId).orElseThrow(() -> Problems.notFound("Access grant " + grantId));
    workspaces.requireMember(grant.workspaceId(), "Access grant " + grantId);
    return grant;
  }

  /** Ends a grant at once; its process hears of it and stops waiting for the expiry. */
  @Transactional
  public AccessGrant revoke(long grantId, String reason) {
    AccessGrant grant = get(grantId);
    String admin = policy.require(grant.workspaceId(), grant.miniProgramId(), Scope.MEMBERS);
    if (grant.status() != GrantStatus.ACTIVE || grants.end(grantId, GrantStatus.REVOKED.name(), admin) == 0) {
      throw Problems.conflict("Only an active grant can be revoked; this one is " + load(grantId).status() + ".");
    }
    audit.record(admin, AccessAudit.REVOKED, grantId, grant.workspaceId(), reason);
    process.revoked(grantId);
    return load(grantId);
  }

  /** What an access request is, in a line: its review task's subject. */
  static String subject(AccessGrant grant, String miniProgramName) {
    return grant.grantee() + " asks for " + String.join(", ", grant.scopes()).toLowerCase() + " on " + miniProgramName
        + " for " + grant.days() + " days";
  }

  AccessGrant load(long grantId) {
    return grants.findCommitted(grantId).orElseThrow(() -> new IllegalStateException("No grant " + grantId));
  }

  private MiniProgramDirectory.Listing listing(long miniProgramId) {
    return miniPrograms.find(miniProgramId).orElseThrow(() -> Problems.notFound("Mini program " + miniProgramId));
  }
}
