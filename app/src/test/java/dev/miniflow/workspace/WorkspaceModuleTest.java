package dev.miniflow.workspace;

import static org.assertj.core.api.Assertions.assertThat;

import dev.miniflow.support.AuditEvent;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.testing.ModuleTestEnvironment;
import java.util.Set;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.AssertablePublishedEvents;
import org.springframework.modulith.test.Scenario;
import org.springframework.security.authentication.BadCredentialsException;
import org.springframework.security.authentication.UsernamePasswordAuthenticationToken;
import org.springframework.security.authentication.event.AuthenticationFailureBadCredentialsEvent;
import org.springframework.security.test.context.support.WithMockUser;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The workspace module alone (with support; it uses nothing else): the events other modules act
 * on (a new workspace, an invitation, a member leaving), and the failed logins it audits.
 */
@ApplicationModuleTest(extraIncludes = "support")
@ModuleTestEnvironment
class WorkspaceModuleTest {
  private final WorkspaceService workspaces;
  private final Invitations invitations;
  private final MembershipService memberships;
  private final AuditTrail audit;
  private final TransactionTemplate tx;

  WorkspaceModuleTest(WorkspaceService workspaces, Invitations invitations, MembershipService memberships,
      AuditTrail audit, TransactionTemplate tx) {
    this.workspaces = workspaces;
    this.invitations = invitations;
    this.memberships = memberships;
    this.audit = audit;
    this.tx = tx;
  }

  @Test
  void aNewWorkspaceIsAnnouncedWithItsIdAndName(Scenario scenario) {
    String name = "Acme " + UUID.randomUUID();
    scenario.stimulate(() -> workspaces.createWorkspace(name, "platform-admin"))
        .andWaitForEventOfType(WorkspaceCreated.class)
        .matchingMappedValue(WorkspaceCreated::name, name)
        .toArriveAndVerify((event, id) -> assertThat(event.workspaceId()).isEqualTo(id));
  }

  @Test
  @WithMockUser("ws-admin")
  void anInvitationIsAnnouncedWithTheLinkThatAcceptsIt(AssertablePublishedEvents events) {
    long workspaceId = workspaceWithAdmin("ws-admin");
    Invitations.Invitation invitation =
        invitations.invite(workspaceId, " newcomer@example.org ", Set.of(Role.REVIEWER));
    assertThat(events).contains(InvitationCreated.class)
        .matching(InvitationCreated::email, "newcomer@example.org")
        .matching(InvitationCreated::invitedBy, "ws-admin")
        .matching(InvitationCreated::workspaceName, workspaces.workspaceName(workspaceId))
        .matching(InvitationCreated::link, invitation.link());
    // the mailed link is the one the invitation page takes
    String token = invitation.link().substring("https://miniflow.example/invitations/".length());
    assertThat(invitations.offer(token).email()).isEqualTo("newcomer@example.org");
  }

  @Test
  @WithMockUser("ws-admin2")
  void aMemberLeavingIsAnnouncedSoTheirRolesAndGrantsElsewhereEnd(AssertablePublishedEvents events) {
    long workspaceId = workspaceWithAdmin("ws-admin2");
    String dev = account();
    tx.executeWithoutResult(s -> workspaces.addMember(workspaceId, dev, Set.of(Role.DEVELOPER), "ws-admin2"));
    memberships.remove(workspaceId, dev);
    assertThat(events).contains(MemberRemoved.class)
        .matching(e -> e.workspaceId() == workspaceId && e.username().equals(dev) && e.removedBy().equals("ws-admin2"));
  }

  @Test
  void aFailedLoginIsAuditedInEveryWorkspaceOfTheAccount(Scenario scenario) {
    String rita = account();
    long first = workspaceWithMember(rita);
    long second = workspaceWithMember(rita);
    scenario.publish(failedLogin(rita))
        .andWaitForStateChange(
            () -> audit.search(second, new AuditTrail.Filter(rita, "login.failed", null, null, null), 10))
        .andVerify(entries -> {
          assertThat(entries).extracting(AuditEvent::detail).containsExactly("BadCredentialsException");
          assertThat(audit.search(first, new AuditTrail.Filter(rita, "login.failed", null, null, null), 10)).hasSize(1);
        });
  }

  @Test
  void aFailedLoginOfNoAccountIsAuditedOutsideAnyWorkspace(Scenario scenario) {
    String nobody = "nobody-" + UUID.randomUUID().toString().substring(0, 8);
    scenario.publish(failedLogin(nobody))
        .andWaitForStateChange(() -> audit.forSubject("account", nobody))
        .andVerify(entries -> assertThat(entries).singleElement().satisfies(e -> {
          assertThat(e.action()).isEqualTo("login.failed");
          assertThat(e.workspaceId()).isNull();
        }));
  }

  private static AuthenticationFailureBadCredentialsEvent failedLogin(String username) {
    return new AuthenticationFailureBadCredentialsEvent(
        UsernamePasswordAuthenticationToken.unauthenticated(username, "wrong"),
        new BadCredentialsException("Bad credentials"));
  }

  /** A workspace whose admin is the (mock) user logged in: each admin name serves one test. */
  private long workspaceWithAdmin(String admin) {
    long workspaceId = tx.execute(s -> workspaces.createWorkspace("Team " + UUID.randomUUID(), "platform-admin"));
    tx.executeWithoutResult(s -> {
      workspaces.createAccount(admin, admin, admin + "@example.org", "admin-pass-123", "test");
      workspaces.addMember(workspaceId, admin, Set.of(Role.ADMIN), "test");
    });
    return workspaceId;
  }

  private long workspaceWithMember(String username) {
    long workspaceId = tx.execute(s -> workspaces.createWorkspace("Team " + UUID.randomUUID(), "platform-admin"));
    tx.executeWithoutResult(s -> workspaces.addMember(workspaceId, username, Set.of(Role.REVIEWER), "test"));
    return workspaceId;
  }

  private String account() {
    String username = "member-" + UUID.randomUUID().toString().substring(0, 8);
    tx.executeWithoutResult(s -> workspaces.createAccount(username, username, null, "member-pass-123", "test"));
    return username;
  }
}
