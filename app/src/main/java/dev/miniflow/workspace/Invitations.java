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
    return create(workspaceId, email, roles, admin);
  }

  /** A platform admin invites a workspace's admin ({@link PlatformAdministration} checked the platform role). */
  @Transactional(propagation = org.springframework.transaction.annotation.Propagation.MANDATORY)
  Invitation inviteAdmin(long workspaceId, String email, String platformAdmin) {
    return create(workspaceId, email, java.util.EnumSet.of(Role.ADMIN), platformAdmin);
  }

  private Invitation create(long workspaceId, String email, Set<Role> roles, String admin) {
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

  /** Withdraws an invitation that was not accepted yet: its link answers "withdrawn" from now on. */
  @Transactional
  public void withdraw(long workspaceId, long invitationId) {
    String admin = access.require(workspaceId, "Workspace " + workspaceId, Role.ADMIN);
    if (!pendingInvitations.withdraw(workspaceId, invitationId, admin)) {
      throw Problems.notFound("Open invitation " + invitationId);
    }
    audit.record(admin, WorkspaceAudit.INVITATION_WITHDRAWN, workspaceId, workspaceId, "invitation " + invitationId);
  }

  /** Sends an invitation again with a new link valid for three more days; the old link stops working. */
  @Transactional
  public Invitation resend(long workspaceId, long invitationId) {
    String admin = access.require(workspaceId, "Workspace " + workspaceId, Role.ADMIN);
    Invitation renewed = pendingInvitations.renew(workspaceId, invitationId)
        .orElseThrow(() -> Problems.notFound("Open invitation " + invitationId));
    audit.record(admin, WorkspaceAudit.INVITATION_RESENT, workspaceId, workspaceId,
        "invitation " + invitationId + " to " + renewed.email());
    events.publishEvent(new InvitationCreated(renewed.email(), workspaces.workspaceName(workspaceId), admin,
        renewed.link()));
    return renewed;
  }

  public List<Invitation> pending(long workspaceId) {
    access.require(workspaceId, "Workspace " + workspaceId, Role.ADMIN);
    return pendingInvitations.of(workspaceId);
  }
}
