package dev.miniflow.workspace;

import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * Admins invite people by email. The link carries {@code <id>.<secret>.<signature>}
 * ({@link InvitationTokens}) and works once, for three days ({@link PendingInvitations}); the
 * invitee accepts with it ({@link InvitationAcceptance}).
 */
@Service
public class Invitations {
  private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s]{1,189}\\.[^@\\s]{2,}");

  private final WorkspaceAccess access;
  private final WorkspaceService workspaces;
  private final PendingInvitations pendingInvitations;
  private final AuditTrail audit;
  private final ApplicationEventPublisher events;

  Invitations(WorkspaceAccess access, WorkspaceService workspaces, PendingInvitations pendingInvitations,
      AuditTrail audit, ApplicationEventPublisher events) {
    this.access = access;
    this.workspaces = workspaces;
    this.pendingInvitations = pendingInvitations;
    this.audit = audit;
    this.events = events;
  }

  public record Invitation(long id, String email, Set<Role> roles, Instant expiresAt, String link) {}

  @Transactional
  public Invitation invite(long workspaceId, String email, Set<Role> roles) {
    String admin = access.require(workspaceId, "Workspace " + workspaceId, Role.ADMIN);
    String address = email == null ? "" : email.strip();
    if (!EMAIL.matcher(address).matches() || address.length() > 254) {
      throw Problems.invalid("'" + address + "' is not an email address.");
    }
    if (roles == null || roles.isEmpty()) {
      throw Problems.invalid("Give the invitee at least one role.");
    }
    Invitation invitation = pendingInvitations.add(workspaceId, address, roles, admin);
    audit.record(admin, WorkspaceAudit.INVITATION_CREATED, workspaceId, workspaceId, address + " as " + roles);
    events
        .publishEvent(new InvitationCreated(address, workspaces.workspaceName(workspaceId), admin, invitation.link()));
    return invitation;
  }

  /** What an invitation link offers, for the page that accepts it; refuses links that cannot be used. */
  public record Offer(long invitationId, String workspaceName, String email, Set<Role> roles) {}

  public Offer offer(String token) {
    PendingInvitations.Row row = pendingInvitations.open(token);
    return new Offer(row.id(), workspaces.workspaceName(row.workspaceId()), row.email(), row.roles());
  }

  public List<Invitation> pending(long workspaceId) {
    access.require(workspaceId, "Workspace " + workspaceId, Role.ADMIN);
    return pendingInvitations.of(workspaceId);
  }
}
