package dev.miniflow.requests;

import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;

/** My requests: one page for everything the user asked for, with withdraw where it is still allowed. */
@Controller
class MyRequestsPage {
  private final MyRequests requests;

  MyRequestsPage(MyRequests requests) {
    this.requests = requests;
  }

  @GetMapping("/requests")
  String mine(Model model) {
    model.addAttribute("requests", requests.mine());
    return "requests/mine";
  }
}
