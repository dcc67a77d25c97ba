package dev.miniflow.webhook;

import static dev.miniflow.support.Flash.to;

import dev.miniflow.support.DomainException;
import dev.miniflow.support.Flash;
import dev.miniflow.workspace.WorkspaceService;
import jakarta.servlet.http.HttpServletResponse;
import java.util.List;
import java.util.UUID;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The webhooks page of a workspace, for its admins: register, enable, delete, the latest deliveries, redeliver. */
@Controller
class WebhookPages {
  private static final int SHOWN_DELIVERIES = 10;

  private final Webhooks webhooks;
  private final WorkspaceService workspaces;

  WebhookPages(Webhooks webhooks, WorkspaceService workspaces) {
    this.webhooks = webhooks;
    this.workspaces = workspaces;
  }

  record Row(Webhook webhook, List<WebhookDelivery> deliveries) {}

  @GetMapping("/workspaces/{workspaceId}/webhooks")
  String page(@PathVariable long workspaceId, Model model) {
    model.addAttribute("rows", webhooks.list(workspaceId).stream().map(hook -> new Row(hook,
        webhooks.deliveries(workspaceId, hook.id()).stream().limit(SHOWN_DELIVERIES).toList())).toList());
    model.addAttribute("workspaceId", workspaceId);
    model.addAttribute("workspaceName", workspaces.workspaceName(workspaceId));
    model.addAttribute("categories", WebhookCategory.values());
    return "webhook/webhooks";
  }

  /** The secret is shown in this answer itself (not kept for a redirect in the session), and not cached. */
  @PostMapping("/workspaces/{workspaceId}/webhooks")
  String register(@PathVariable long workspaceId, @RequestParam(required = false) String url,
      @RequestParam(required = false) List<String> events, Model model, HttpServletResponse response,
      RedirectAttributes flash) {
    Webhooks.CreatedWebhook created;
    try {
      created = webhooks.register(workspaceId, new Webhooks.NewWebhook(url, events));
    } catch (DomainException e) {
      flash.addFlashAttribute("error", e.detail());
      return "redirect:/workspaces/" + workspaceId + "/webhooks";
    }
    response.setHeader("Cache-Control", "no-store");
    model.addAttribute("success", "Webhook for " + created.webhook().url() + " registered. Copy its signing secret"
        + " now: it is not shown again.");
    model.addAttribute("newSecret", created.secret());
    return page(workspaceId, model);
  }

  @PostMapping("/workspaces/{workspaceId}/webhooks/{id}/enable")
  String enable(@PathVariable long workspaceId, @PathVariable long id, RedirectAttributes flash) {
    String back = "/workspaces/" + workspaceId + "/webhooks";
    return Flash.run(flash, back, () -> {
      webhooks.enable(workspaceId, id);
      return to(back, "Webhook enabled: its waiting deliveries go out now.");
    });
  }

  @PostMapping("/workspaces/{workspaceId}/webhooks/{id}/delete")
  String delete(@PathVariable long workspaceId, @PathVariable long id, RedirectAttributes flash) {
    String back = "/workspaces/" + workspaceId + "/webhooks";
    return Flash.run(flash, back, () -> {
      webhooks.delete(workspaceId, id);
      return to(back, "Webhook deleted, with its delivery log.");
    });
  }

  @PostMapping("/workspaces/{workspaceId}/webhooks/{id}/deliveries/{deliveryId}/redeliver")
  String redeliver(@PathVariable long workspaceId, @PathVariable long id, @PathVariable UUID deliveryId,
      RedirectAttributes flash) {
    String back = "/workspaces/" + workspaceId + "/webhooks";
    return Flash.run(flash, back, () -> {
      WebhookDelivery again = webhooks.redeliver(workspaceId, id, deliveryId);
      return to(back, "Sent again as delivery " + again.id() + ".");
    });
  }
}
