package dev.miniflow.miniprogram;

import static dev.miniflow.support.Flash.to;

import dev.miniflow.support.Flash;
import java.util.Arrays;
import java.util.List;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The page of a mini program's allowed domains: one per line, request and web-view. */
@Controller
class ServerDomainsPage {
  private final ServerDomains domains;
  private final MiniProgramService miniPrograms;

  ServerDomainsPage(ServerDomains domains, MiniProgramService miniPrograms) {
    this.domains = domains;
    this.miniPrograms = miniPrograms;
  }

  @GetMapping("/mini-programs/{id}/domains")
  String show(@PathVariable long id, Model model) {
    model.addAttribute("program", miniPrograms.get(id));
    ServerDomains.Allowed allowed = domains.ofMiniProgram(id);
    model.addAttribute("requestText", String.join("\n", allowed.request()));
    model.addAttribute("webViewText", String.join("\n", allowed.webView()));
    return "miniprogram/domains";
  }

  @PostMapping("/mini-programs/{id}/domains")
  String replace(@PathVariable long id, @RequestParam(defaultValue = "") String request,
      @RequestParam(defaultValue = "") String webView, RedirectAttributes flash) {
    String back = "/mini-programs/" + id + "/domains";
    return Flash.run(flash, back, () -> {
      domains.replace(id, null, lines(request), lines(webView));
      return to(back, "Allowed domains saved; releases asked for from now on are checked against them.");
    });
  }

  private static List<String> lines(String text) {
    return Arrays.stream(text.split("\\R")).map(String::strip).filter(line -> !line.isEmpty()).toList();
  }
}
