package dev.miniflow.notification;

import dev.miniflow.support.MiniflowSettings;
import dev.miniflow.workspace.WorkspaceService;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.mail.MailException;
import org.springframework.mail.SimpleMailMessage;
import org.springframework.mail.javamail.JavaMailSender;
import org.springframework.stereotype.Component;
import org.springframework.transaction.event.TransactionPhase;
import org.springframework.transaction.event.TransactionalEventListener;

/**
 * Mails every inbox message to its recipient when SMTP is configured ({@code spring.mail.host}).
 * Only after the commit: a rolled-back change must not have told anyone anything. A failed mail
 * is logged; the inbox still holds the message.
 */
@Component
class MailNotifier {
  private static final Logger log = LoggerFactory.getLogger(MailNotifier.class);
  private final ObjectProvider<JavaMailSender> mail;
  private final WorkspaceService accounts;
  private final String from;
  private final String baseUrl;

  MailNotifier(ObjectProvider<JavaMailSender> mail, WorkspaceService accounts,
      MailSettings settings, MiniflowSettings miniflow) {
    this.mail = mail;
    this.accounts = accounts;
    this.from = settings.from();
    this.baseUrl = miniflow.baseUrl();
  }

  @TransactionalEventListener(phase = TransactionPhase.AFTER_COMMIT, fallbackExecution = true)
  void send(NotificationCreated notification) {
    JavaMailSender sender = mail.getIfAvailable();
    if (sender == null) {
      return;
    }
    String to = accounts.emailOf(notification.recipient());
    if (to == null || to.isBlank()) {
      return;
    }
    SimpleMailMessage message = new SimpleMailMessage();
    message.setFrom(from);
    message.setTo(to);
    message.setSubject("[Miniflow] " + notification.subject());
    message.setText(notification.body() + (notification.link() == null ? "" : "\n\n" + baseUrl + notification.link()));
    try {
      sender.send(message);
    } catch (MailException e) {
      log.warn("Could not mail '{}' to {}: {}", notification.subject(), notification.recipient(), e.getMessage());
    }
  }
}
