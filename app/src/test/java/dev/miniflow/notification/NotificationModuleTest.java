package dev.miniflow.notification;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.mockito.Mockito.when;

import com.icegreen.greenmail.configuration.GreenMailConfiguration;
import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.GreenMailUtil;
import com.icegreen.greenmail.util.ServerSetupTest;
import dev.miniflow.testing.ModuleTestEnvironment;
import dev.miniflow.workspace.InvitationCreated;
import dev.miniflow.workspace.MemberRemoved;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import dev.miniflow.workspace.WorkspaceService;
import jakarta.mail.Message;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.context.ApplicationEventPublisher;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.modulith.test.ApplicationModuleTest;
import org.springframework.modulith.test.AssertablePublishedEvents;
import org.springframework.modulith.test.Scenario;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.transaction.IllegalTransactionStateException;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The notification module alone (with support): what workspace's events and the inbox make it
 * mail, received by a real SMTP server (GreenMail), and what it keeps in its inbox table.
 */
@ApplicationModuleTest(extraIncludes = "support")
@ModuleTestEnvironment
class NotificationModuleTest {
  // started here, not by GreenMail's extension: the per-class test instance loads the context,
  // which reads the port, before any @BeforeAll callback runs
  static final GreenMail SMTP = new GreenMail(ServerSetupTest.SMTP.dynamicPort())
      .withConfiguration(GreenMailConfiguration.aConfig().withDisabledAuthentication());

  static {
    SMTP.start();
  }

  @DynamicPropertySource
  static void mail(DynamicPropertyRegistry registry) {
    registry.add("spring.mail.host", () -> "127.0.0.1");
    registry.add("spring.mail.port", () -> SMTP.getSmtp().getPort());
  }

  @MockitoBean WorkspaceAccess access;
  @MockitoBean WorkspaceService accounts;

  private final Inbox inbox;
  private final TransactionTemplate tx;
  private final JdbcClient jdbc;
  private final ApplicationEventPublisher publisher;
  private final long workspaceId = System.nanoTime() % 1_000_000_000L;

  NotificationModuleTest(Inbox inbox, TransactionTemplate tx, ApplicationEventPublisher publisher, JdbcClient jdbc) {
    this.jdbc = jdbc;
    this.inbox = inbox;
    this.tx = tx;
    this.publisher = publisher;
  }

  @BeforeEach
  void members() {
    // who counts as a member is the workspace module's rule, applied in the inbox's own insert: real rows
    member("rita", workspaceId, Role.REVIEWER);
    member("nomail", workspaceId, Role.DEVELOPER);
    // the inbox shows what is about the workspaces the recipient can use
    when(access.workspacesOf("rita")).thenReturn(List.of(workspaceId, workspaceId + 1));
    when(access.workspacesOf("nomail")).thenReturn(List.of(workspaceId));
    when(accounts.emailOf("rita")).thenReturn("rita@example.org");
  }

  @AfterAll
  static void stopSmtp() {
    SMTP.stop();
  }

  @Test
  void anInviteeIsMailedTheLinkOnceTheInvitationIsCommitted(Scenario scenario) {
    String link = "https://miniflow.example/invitations/" + UUID.randomUUID();
    scenario.publish(new InvitationCreated("newcomer@example.org", "Acme", "admin", link))
        .andWaitForStateChange(() -> mailsTo("newcomer@example.org"))
        .andVerify(mails -> {
          assertThat(mails).hasSize(1);
          MimeMessage mail = mails.getFirst();
          assertThat(subject(mail)).isEqualTo("[Miniflow] admin invites you to Acme");
          assertThat(from(mail)).isEqualTo("miniflow@localhost");
          assertThat(GreenMailUtil.getBody(mail)).contains(link).contains("expires in 3 days");
        });
  }

  @Test
  void anInboxMessageIsMailedToTheMemberWithAnAbsoluteLink(Scenario scenario, AssertablePublishedEvents events) {
    String subject = "New task Review release " + UUID.randomUUID();
    scenario
        .stimulate(() -> inbox.send(workspaceId, "rita", "key-" + subject, subject, "Asked by developer", "/tasks/7"))
        .andWaitForStateChange(
            () -> mailsTo("rita@example.org").stream().filter(m -> subject(m).contains(subject)).toList())
        .andVerify(mails -> {
          assertThat(mails).hasSize(1);
          assertThat(subject(mails.getFirst())).isEqualTo("[Miniflow] " + subject);
          assertThat(GreenMailUtil.getBody(mails.getFirst())).contains("Asked by developer")
              .contains("https://miniflow.example/tasks/7");
        });
    assertThat(events).contains(NotificationCreated.class).matching(NotificationCreated::recipient, "rita");
    assertThat(inbox.latest("rita")).anyMatch(n -> n.subject().equals(subject) && n.link().equals("/tasks/7"));
    assertThat(inbox.unread("rita")).isPositive();
  }

  @Test
  void aWorkerSendingTheSameMessageAgainMailsItOnce() {
    String subject = "Approved " + UUID.randomUUID();
    String key = "release-1-approved-" + subject;
    tx.executeWithoutResult(s -> assertThat(inbox.send(workspaceId, "rita", key, subject, "ok", null)).isTrue());
    tx.executeWithoutResult(s -> assertThat(inbox.send(workspaceId, "rita", key, subject, "ok", null)).isFalse());
    // the mail goes out on this thread right after the commit: the second send's would be here too
    assertThat(subjectsTo("rita@example.org")).containsOnlyOnce("[Miniflow] " + subject);
    assertThat(inbox.latest("rita")).filteredOn(n -> n.subject().equals(subject)).hasSize(1);
  }

  @Test
  void nothingIsToldWhenTheChangeRollsBack() {
    String subject = "Rolled back " + UUID.randomUUID();
    tx.executeWithoutResult(status -> {
      inbox.send(workspaceId, "rita", "key-" + subject, subject, "never happened", null);
      status.setRollbackOnly();
    });
    // an after-commit mail would have been sent by now, on this thread, during the rollback
    assertThat(subjectsTo("rita@example.org")).doesNotContain("[Miniflow] " + subject);
    assertThat(inbox.latest("rita")).noneMatch(n -> n.subject().equals(subject));
  }

  @Test
  void someoneWhoIsNoMemberIsToldNothing(AssertablePublishedEvents events) {
    when(accounts.emailOf("outsider")).thenReturn("outsider@example.org");
    String subject = "Not for you " + UUID.randomUUID();
    tx.executeWithoutResult(
        s -> assertThat(inbox.send(workspaceId, "outsider", "key-" + subject, subject, "x", null)).isFalse());
    assertThat(events.ofType(NotificationCreated.class)).isEmpty();
    assertThat(inbox.latest("outsider")).noneMatch(n -> n.subject().equals(subject));
    assertThat(subjectsTo("outsider@example.org")).isEmpty();
  }

  @Test
  void aMemberWithoutAnEmailAddressStillFindsTheMessageInTheInbox() {
    String subject = "No mail " + UUID.randomUUID();
    tx.executeWithoutResult(s -> inbox.send(workspaceId, "nomail", "key-" + subject, subject, "x", null));
    assertThat(inbox.latest("nomail")).anyMatch(n -> n.subject().equals(subject));
    assertThat(Arrays.stream(SMTP.getReceivedMessages()).map(NotificationModuleTest::subject))
        .doesNotContain("[Miniflow] " + subject);
  }

  @Test
  void whoLeavesAWorkspaceLosesWhatTheyWereToldAboutIt(Scenario scenario) {
    long otherWorkspace = workspaceId + 1;
    member("rita", otherWorkspace, Role.REVIEWER);
    String here = "Here " + UUID.randomUUID();
    String there = "There " + UUID.randomUUID();
    tx.executeWithoutResult(s -> {
      inbox.send(workspaceId, "rita", "key-" + here, here, "x", null);
      inbox.send(otherWorkspace, "rita", "key-" + there, there, "x", null);
    });
    scenario.publish(new MemberRemoved(workspaceId, "rita", "admin"))
        .andWaitForStateChange(() -> inbox.latest("rita").stream().noneMatch(n -> n.subject().equals(here)))
        .andVerify(gone -> assertThat(inbox.latest("rita")).anyMatch(n -> n.subject().equals(there)));
  }

  @Test
  void aMemberBlockedInAWorkspaceNoLongerReadsWhatTheyWereToldAboutIt() {
    String about = "Blocked " + UUID.randomUUID();
    tx.executeWithoutResult(s -> inbox.send(workspaceId, "nomail", "key-" + about, about, "x", null));
    assertThat(inbox.latest("nomail")).anyMatch(n -> n.subject().equals(about));
    long unread = inbox.unread("nomail");
    when(access.workspacesOf("nomail")).thenReturn(List.of());
    assertThat(inbox.latest("nomail")).noneMatch(n -> n.subject().equals(about));
    assertThat(inbox.unread("nomail")).isLessThan(unread);
  }

  @Test
  void aNewTasksCandidatesAreToldInOneGoExceptWhoIsNoMemberIsBlockedOrWasToldAlready(
      AssertablePublishedEvents events) {
    member("rosa", workspaceId, Role.REVIEWER);
    member("bert", workspaceId, Role.REVIEWER);
    when(access.workspacesOf("rosa")).thenReturn(List.of(workspaceId));
    jdbc.sql("""
            insert into workspace_block(workspace_id, user_id, blocked_by)
            select :ws, id, 'admin' from app_user where username = 'bert' on conflict do nothing""")
        .param("ws", workspaceId).update();
    String subject = "New task " + UUID.randomUUID();
    String prefix = "task-" + subject + "-";
    tx.executeWithoutResult(s -> inbox.send(workspaceId, "rosa", prefix + "rosa", subject, "earlier", null));
    List<String> told = tx.execute(
        s -> inbox.sendEach(workspaceId, List.of("rita", "rosa", "bert", "outsider"), prefix, subject, "x",
            "/tasks/1"));
    assertThat(told).containsExactly("rita");
    assertThat(events.ofType(NotificationCreated.class).matching(NotificationCreated::subject, subject))
        .extracting(NotificationCreated::recipient).containsExactlyInAnyOrder("rosa", "rita");
    assertThat(inbox.latest("rita")).filteredOn(n -> n.subject().equals(subject)).singleElement()
        .satisfies(n -> assertThat(n.link()).isEqualTo("/tasks/1"));
    assertThat(inbox.latest("rosa")).filteredOn(n -> n.subject().equals(subject)).singleElement()
        .satisfies(n -> assertThat(n.body()).isEqualTo("earlier"));
    assertThat(jdbc.sql("select count(*) from notification where dedup_key like :p").param("p", prefix + "%")
        .query(Long.class).single()).isEqualTo(2);
    assertThat(subjectsTo("rita@example.org")).containsOnlyOnce("[Miniflow] " + subject);
  }

  private void member(String username, long workspace, Role role) {
    jdbc.sql("""
            insert into app_user(username, display_name, password_hash) values (:u, :u, 'x')
            on conflict (username) do nothing""").param("u", username).update();
    jdbc.sql("insert into workspace(id, name) values (:ws, :name) on conflict do nothing").param("ws", workspace)
        .param("name", "Notifications " + workspace).update();
    jdbc.sql("""
            insert into workspace_member(workspace_id, user_id, role)
            select :ws, id, :role from app_user where username = :u on conflict do nothing""")
        .param("ws", workspace).param("role", role.name()).param("u", username).update();
  }

  /** Only the transaction that ends the membership may take the messages with it. */
  @Test
  void aMemberRemovedOutsideTheRemovingTransactionIsRefused() {
    String kept = "Kept " + UUID.randomUUID();
    tx.executeWithoutResult(s -> inbox.send(workspaceId, "rita", "key-" + kept, kept, "x", null));
    assertThatThrownBy(() -> publisher.publishEvent(new MemberRemoved(workspaceId, "rita", "admin")))
        .isInstanceOf(IllegalTransactionStateException.class);
    assertThat(inbox.latest("rita")).anyMatch(n -> n.subject().equals(kept));
  }

  private static List<MimeMessage> mailsTo(String address) {
    return Arrays.stream(SMTP.getReceivedMessages()).filter(m -> recipients(m).contains(address)).toList();
  }

  private static List<String> subjectsTo(String address) {
    return mailsTo(address).stream().map(NotificationModuleTest::subject).toList();
  }

  private static List<String> recipients(MimeMessage message) {
    try {
      return Arrays.stream(message.getRecipients(Message.RecipientType.TO)).map(Object::toString).toList();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String subject(MimeMessage message) {
    try {
      return message.getSubject();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static String from(MimeMessage message) {
    try {
      return message.getFrom()[0].toString();
    } catch (MessagingException e) {
      throw new IllegalStateException(e);
    }
  }
}
