package dev.miniflow.webhook;

import java.util.List;
import java.util.UUID;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.ResponseStatus;
import org.springframework.web.bind.annotation.RestController;

/** A workspace's webhooks and their delivery log, for its admins. */
@RestController
@RequestMapping("/api/v1/workspaces/{workspaceId}/webhooks")
class WebhookApi {
  private final Webhooks webhooks;

  WebhookApi(Webhooks webhooks) {
    this.webhooks = webhooks;
  }

  /** The workspace's webhooks (workspace admins). */
  @GetMapping
  List<Webhook> list(@PathVariable long workspaceId) {
    return webhooks.list(workspaceId);
  }

  /**
   * Registers a webhook (workspace admins). Body: {"url": "https://…", "events": ["release", "task", "removal",
   * "grant", "member", "capability", "listing", "incident", "evidence"]}; the answer holds the signing secret, shown
   * this once.
   */
  @PostMapping
  @ResponseStatus(HttpStatus.CREATED)
  Webhooks.CreatedWebhook register(@PathVariable long workspaceId, @RequestBody Webhooks.NewWebhook webhook) {
    return webhooks.register(workspaceId, webhook);
  }

  /** Enables a disabled webhook again (workspace admins): its waiting deliveries go out. */
  @PostMapping("/{id}/enable")
  Webhook enable(@PathVariable long workspaceId, @PathVariable long id) {
    return webhooks.enable(workspaceId, id);
  }

  /** Deletes a webhook and its delivery log (workspace admins). */
  @DeleteMapping("/{id}")
  @ResponseStatus(HttpStatus.NO_CONTENT)
  void delete(@PathVariable long workspaceId, @PathVariable long id) {
    webhooks.delete(workspaceId, id);
  }

  /** The webhook's latest deliveries, newest first, with attempts and the receiver's last answer (workspace admins). */
  @GetMapping("/{id}/deliveries")
  List<WebhookDelivery> deliveries(@PathVariable long workspaceId, @PathVariable long id) {
    return webhooks.deliveries(workspaceId, id);
  }

  /** Sends a delivery's event again, as a new delivery (workspace admins). */
  @PostMapping("/{id}/deliveries/{deliveryId}/redeliver")
  @ResponseStatus(HttpStatus.CREATED)
  WebhookDelivery redeliver(@PathVariable long workspaceId, @PathVariable long id, @PathVariable UUID deliveryId) {
    return webhooks.redeliver(workspaceId, id, deliveryId);
  }
}
