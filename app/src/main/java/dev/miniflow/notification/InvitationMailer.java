package dev.miniflow.notification;

import dev.miniflow.workspace.InvitationCreated;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/** Mails invitation links: the invitee has no account and no inbox yet. */
@Component
class InvitationMailer {
  private static final Logger log = LoggerFactory.getLogger(InvitationMailer.class);
  private final ObjectProvider<JavaMailSender> mail;
  private final String from;

  InvitationMailer(ObjectProvider<JavaMailSender> mail, MailSettings settings) {
    this.mail = mail;
    this.from = settings.from();
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void send(InvitationCreated invitation) {
    JavaMailSender sender = mail.getIfAvailable();
    if (sender == null) {
      return;
    }
    SimpleMailMessage message = new SimpleMailMessage();
    message.setFrom(from);
    message.setTo(invitation.email());
    message.setSubject("[Miniflow] " + invitation.invitedBy() + " invites you to " + invitation.workspaceName());
    message.setText("Join the workspace " + invitation.workspaceName() + " on Miniflow:\n\n" + invitation.link()
        + "\n\nThe link works once and expires in 3 days.");
    try {
      sender.send(message);
    } catch (MailException e) {
      log.warn("Could not mail the invitation to {}: {}", invitation.email(), e.getMessage());
    }
  }
}
