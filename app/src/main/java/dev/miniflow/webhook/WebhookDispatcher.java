package dev.miniflow.webhook;

import dev.miniflow.notification.Inbox;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
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
 * lease), sends them side by side, and records each outcome as its call ends. A webhook has at
 * most {@link #PER_WEBHOOK} calls under way on a node, so a slow receiver holds only its own
 * deliveries back, never another's. A failed attempt is retried with a
 * growing pause until {@code max-attempts}; a webhook failing {@code disable-after-failures} times in
 * a row is disabled and its workspace's admins are told (its deliveries wait until it is enabled).
 */
@Component
class WebhookDispatcher implements SmartLifecycle {
  private static final Logger log = LoggerFactory.getLogger(WebhookDispatcher.class);
  private static final int BATCH = 16;
  /** Calls under way at once on a node, and for one webhook. */
  private static final int IN_FLIGHT = 64;
  static final int PER_WEBHOOK = 4;

  private final WebhookStore store;
  private final WebhookSender sender;
  private final WebhookSettings settings;
  private final WorkspaceAccess access;
  private final Inbox inbox;
  private final AuditTrail audit;
  private final TransactionTemplate tx;
  private final Clock clock;
  private final Semaphore slots = new Semaphore(IN_FLIGHT);
  private final Map<Long, AtomicInteger> sendingFor = new ConcurrentHashMap<>();
  /** Set when a round left due deliveries behind for want of room: the next call to end asks for a round. */
  private final AtomicBoolean backlog = new AtomicBoolean();
  private final AtomicBoolean roundAsked = new AtomicBoolean();
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

  /** One round (on the poller's thread only): claims due deliveries while there is room, without waiting for calls. */
  void deliverDue() {
    try {
      while (true) {
        int room = Math.min(BATCH, slots.availablePermits());
        Map<Long, Integer> busy = new java.util.HashMap<>();
        sendingFor.forEach((hook, calls) -> {
          if (calls.get() > 0) {
            busy.put(hook, calls.get());
          }
        });
        if (room == 0) {
          backlog.set(true);
          return;
        }
        // a claim outlasts the longest call, so a slow receiver is never sent the same delivery twice at once
        Duration lease = settings.timeout().plus(settings.connectTimeout()).plusSeconds(30);
        List<WebhookStore.Due> due = store.claim(clock.instant(), lease, room, PER_WEBHOOK, busy);
        for (WebhookStore.Due delivery : due) {
          slots.acquireUninterruptibly();
          sendingFor.computeIfAbsent(delivery.webhookId(), hook -> new AtomicInteger()).incrementAndGet();
          sending.execute(() -> send(delivery));
        }
        if (due.size() < room) {
          // fewer than asked: nothing else is due, or what is waits for a webhook's calls under way to end
          backlog.set(!busy.isEmpty() || !due.isEmpty());
          return;
        }
      }
    } catch (Throwable e) { // anything escaping would end the schedule for good
      // the database may be away: the next round tries again, and claimed deliveries come back after their lease
      log.warn("Webhook deliveries paused: {}", e.toString());
    }
  }

  private void send(WebhookStore.Due delivery) {
    try {
      record(delivery, sender.send(delivery));
    } catch (Throwable e) {
      // the outcome is lost: the delivery comes back when its lease ends
      log.warn("Webhook delivery {} not recorded: {}", delivery.id(), e.toString());
    } finally {
      sendingFor.get(delivery.webhookId()).decrementAndGet();
      slots.release();
      if (backlog.getAndSet(false)) {
        askForRound();
      }
    }
  }

  /** A round soon on the poller's thread (one asked at a time), instead of at the next poll. */
  private void askForRound() {
    if (roundAsked.compareAndSet(false, true)) {
      try {
        poller.execute(() -> {
          roundAsked.set(false);
          deliverDue();
        });
      } catch (java.util.concurrent.RejectedExecutionException stopping) {
        roundAsked.set(false);
      }
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
