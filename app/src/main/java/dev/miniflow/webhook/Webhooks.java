package dev.miniflow.webhook;

import dev.miniflow.partner.PartnerEndpoints;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.EnumCodes;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.Role;
import dev.miniflow.workspace.WorkspaceAccess;
import java.security.SecureRandom;
import java.util.HexFormat;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** A workspace's webhooks, for its admins: register, list, enable again, delete, the delivery log, redeliver. */
@Service
class Webhooks {
  static final int MAX_PER_WORKSPACE = 20;
  static final int LOG_ROWS = 100;

  private final WebhookStore store;
  private final WorkspaceAccess access;
  private final PartnerEndpoints endpoints;
  private final AuditTrail audit;
  private final java.time.Clock clock;
  private final SecureRandom random = new SecureRandom();

  Webhooks(WebhookStore store, WorkspaceAccess access, PartnerEndpoints endpoints, AuditTrail audit,
      java.time.Clock clock) {
    this.store = store;
    this.access = access;
    this.endpoints = endpoints;
    this.audit = audit;
    this.clock = clock;
  }

  /** Body of a registration: {"url": "https://…", "events": ["release", "task"]}. */
  record NewWebhook(String url, List<String> events) {}

  /** A new webhook with its signing secret, which is shown this once. */
  record CreatedWebhook(Webhook webhook, String secret) {}

  @Transactional
  CreatedWebhook register(long workspaceId, NewWebhook request) {
    String admin = access.require(workspaceId, "Workspace " + workspaceId, Role.ADMIN);
    if (request.url() == null || request.url().isBlank() || request.url().length() > 2000) {
      throw Problems.invalid("The url must be an absolute https URL of at most 2000 characters.");
    }
    if (store.count(workspaceId) >= MAX_PER_WORKSPACE) {
      throw Problems.conflict("A workspace has at most " + MAX_PER_WORKSPACE + " webhooks: delete one first.");
    }
    Set<WebhookCategory> events = EnumCodes.setOf(WebhookCategory.class, request.events(), "event");
    // the same rules as partner endpoints: a webhook is no way into Miniflow's own network
    String url = endpoints.check(request.url()).toString();
    byte[] bytes = new byte[32];
    random.nextBytes(bytes);
    String secret = "whsec_" + HexFormat.of().formatHex(bytes);
    long id = store.insert(workspaceId, url, secret, events, admin);
    audit.record(admin, WebhookAudit.CREATED, id, workspaceId, url + " for " + events.stream()
        .map(WebhookCategory::code).toList());
    return new CreatedWebhook(store.find(workspaceId, id).orElseThrow(), secret);
  }

  List<Webhook> list(long workspaceId) {
    access.require(workspaceId, "Workspace " + workspaceId, Role.ADMIN);
    return store.ofWorkspace(workspaceId);
  }

  /** After it was disabled: its waiting deliveries go out again, from now on. */
  @Transactional
  Webhook enable(long workspaceId, long id) {
    String admin = access.require(workspaceId, "Workspace " + workspaceId, Role.ADMIN);
    Webhook hook = find(workspaceId, id);
    if (!hook.enabled()) {
      store.enable(id, clock.instant());
      audit.record(admin, WebhookAudit.ENABLED, id, workspaceId, hook.url());
    }
    return find(workspaceId, id);
  }

  @Transactional
  void delete(long workspaceId, long id) {
    String admin = access.require(workspaceId, "Workspace " + workspaceId, Role.ADMIN);
    Webhook hook = find(workspaceId, id);
    store.delete(id, clock.instant());
    audit.record(admin, WebhookAudit.DELETED, id, workspaceId, hook.url());
  }

  List<WebhookDelivery> deliveries(long workspaceId, long id) {
    access.require(workspaceId, "Workspace " + workspaceId, Role.ADMIN);
    find(workspaceId, id);
    return store.deliveries(id, LOG_ROWS);
  }

  /** Sends the event again as a new delivery (a new id: the receiver sees it is sent again on purpose). */
  @Transactional
  WebhookDelivery redeliver(long workspaceId, long id, UUID deliveryId) {
    String admin = access.require(workspaceId, "Workspace " + workspaceId, Role.ADMIN);
    find(workspaceId, id);
    WebhookDelivery original = store.delivery(id, deliveryId)
        .orElseThrow(() -> Problems.notFound("Delivery " + deliveryId));
    UUID again = store.redeliver(original);
    audit.record(admin, WebhookAudit.REDELIVERED, id, workspaceId, original.eventType() + " of delivery "
        + deliveryId + " as " + again);
    return store.delivery(id, again).orElseThrow();
  }

  private Webhook find(long workspaceId, long id) {
    return store.find(workspaceId, id).orElseThrow(() -> Problems.notFound("Webhook " + id));
  }

}
