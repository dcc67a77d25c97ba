package dev.miniflow.webhook;

import dev.miniflow.notification.Inbox;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.context.SmartLifecycle;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Sends due deliveries of the outbox: claims a few at a time (any node may, each claim is a
 * lease), sends them side by side, and records each outcome. A failed attempt is retried with a
 * growing pause until {@code max-attempts}; a webhook failing {@code disable-after-failures} times in
 * a row is disabled and its workspace's admins are told (its deliveries wait until it is enabled).
 */
@Component
class WebhookDispatcher implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final int BATCH = 16;

  private final WebhookStore store;
  private final WebhookSender sender;
  private final WebhookSettings settings;
  private final WorkspaceAccess access;
  private final Inbox inbox;
  private final AuditTrail audit;
  private final TransactionTemplate tx;
  private final Clock clock;
  private ScheduledExecutorService poller;
  private ExecutorService sending;

  WebhookDispatcher(WebhookStore store, WebhookSender sender, WebhookSettings settings, WorkspaceAccess access,
      Inbox inbox, AuditTrail audit, TransactionTemplate tx, Clock clock) {
    this.store = store;
    this.sender = sender;
    this.settings = settings;
    this.access = access;
    this.inbox = inbox;
    this.audit = audit;
    this.tx = tx;
    this.clock = clock;
  }

  @Override
  public void start() {
    sending = Executors.newVirtualThreadPerTaskExecutor();
    poller = Executors.newSingleThreadScheduledExecutor(Thread.ofPlatform().name("webhooks").daemon().factory());
    poller.scheduleWithFixedDelay(this::deliverDue, settings.pollInterval().toMillis(),
        settings.pollInterval().toMillis(), TimeUnit.MILLISECONDS);
  }

  @Override
  public void stop() {
    poller.shutdownNow();
    sending.shutdownNow();
  }

  @Override
  public boolean isRunning() {
    return poller != null && !poller.isShutdown();
  }

  /** One round: every due delivery, in batches, until none is due. */
  void deliverDue() {
    try {
      List<WebhookStore.Due> due;
      do {
        // a claim outlasts the longest call, so a slow receiver is never sent the same delivery twice at once
        Duration lease = settings.timeout().plus(settings.connectTimeout()).plusSeconds(30);
        due = store.claim(clock.instant(), lease, BATCH);
        var calls = due.stream().map(d -> sending.submit(() -> record(d, sender.send(d)))).toList();
        for (var call : calls) {
          try {
            // a call is bounded by its own time-outs; this only keeps a stuck one from holding the round
            call.get(lease.toMillis(), TimeUnit.MILLISECONDS);
          } catch (java.util.concurrent.TimeoutException e) {
            call.cancel(true);
          }
        }
      } while (due.size() == BATCH);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (Throwable e) { // anything escaping would end the schedule for good
      // the database may be away: the next round tries again, and claimed deliveries come back after their lease
      log.warn("Webhook deliveries paused: {}", e.toString());
    }
  }

  private void record(WebhookStore.Due delivery, WebhookSender.Outcome outcome) {
    Instant now = clock.instant();
    if (outcome.delivered()) {
      store.delivered(delivery, outcome.status(), now);
      return;
    }
    Instant retryAt = delivery.attempts() >= settings.maxAttempts() ? null
        : now.plus(settings.backoffAfter(delivery.attempts()));
    tx.executeWithoutResult(status -> {
      int failures = store.failed(delivery, outcome.status(), outcome.error(), retryAt);
      if (failures >= settings.disableAfterFailures()) {
        disable(delivery, failures, outcome.error(), now);
      }
    });
  }

  private void disable(WebhookStore.Due delivery, int failures, String lastError, Instant now) {
    String reason = failures + " deliveries in a row failed; the last: " + lastError;
    if (!store.disable(delivery.webhookId(), reason.substring(0, Math.min(500, reason.length())), now)) {
      return;
    }
    audit.record(AuditTrail.SYSTEM, WebhookAudit.DISABLED, delivery.webhookId(), delivery.workspaceId(), reason);
    String link = "/workspaces/" + delivery.workspaceId() + "/webhooks";
    for (String admin : access.membersWithRole(delivery.workspaceId(), Role.ADMIN)) {
      inbox.send(delivery.workspaceId(), admin, "webhook-" + delivery.webhookId() + "-disabled-" + now.toEpochMilli(),
          "Webhook disabled: " + delivery.url(),
          "Miniflow stopped calling " + delivery.url() + " after " + reason + " Its events wait: enable it again"
              + " once the receiver works.",
          link);
    }
  }
}
