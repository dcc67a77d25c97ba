package dev.miniflow.authorization;

import dev.miniflow.support.Problems;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import org.springframework.stereotype.Service;

/**
 * Developers ask for scopes on a mini program for a period; its admins (or the workspace's)
 * decide; the grant ends by itself at expiry (an engine timer) or at once when revoked
 * ({@link AccessRevocation}). The commands people call; the steps are {@link AccessSteps}, the
 * recovery {@link AccessRecovery}, the engine {@link AuthorizationProcess}.
 */
@Service
public class AccessRequests {
  static final String SUBJECT = "grant";
  private final AccessGrantRepository grants;
  private final NewAccessRequests newRequests;
  private final MiniProgramDirectory miniPrograms;
  private final WorkspaceAccess workspaces;
  private final int maxDays;

  AccessRequests(AccessGrantRepository grants, NewAccessRequests newRequests, MiniProgramDirectory miniPrograms,
      WorkspaceAccess workspaces, GrantSettings settings) {
    this.grants = grants;
    this.newRequests = newRequests;
    this.miniPrograms = miniPrograms;
    this.workspaces = workspaces;
    this.maxDays = settings.maxDays();
  }

  public AccessGrant request(long miniProgramId, Set<Scope> scopes, int days, String justification) {
    var listing = listing(miniProgramId);
    String user =
        workspaces.require(listing.workspaceId(), "Mini program " + miniProgramId, Role.DEVELOPER, Role.ADMIN);
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
    return newRequests.record(listing, user, EnumSet.copyOf(scopes).stream().map(Enum::name).toList(), days, why);
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
