package dev.miniflow.notification;

import dev.miniflow.support.CurrentUser;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PostMapping;

@Controller
class InboxPage {
  private final Inbox inbox;

  InboxPage(Inbox inbox) {
    this.inbox = inbox;
  }

  @GetMapping("/inbox")
  String inbox(Model model) {
    model.addAttribute("notifications", inbox.latest(CurrentUser.username()));
    return "notification/inbox";
  }

  @PostMapping("/inbox/read")
  String markAllRead() {
    inbox.markAllRead(CurrentUser.username());
    return "redirect:/inbox";
  }
}
