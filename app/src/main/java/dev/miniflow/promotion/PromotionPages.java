package dev.miniflow.promotion;

import dev.miniflow.support.DomainException;
import dev.miniflow.support.ProblemDetails;
import dev.miniflow.support.Flash;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.ModelAttribute;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;
import jakarta.servlet.http.HttpServletResponse;

/** Promotion codes of a mini program, and the public pages a scanned code leads to. */
@Controller
class PromotionPages {
  private final PromotionCodes codes;
  private final PreviewCodes previews;
  private final CodeLinks links;

  PromotionPages(PromotionCodes codes, PreviewCodes previews, CodeLinks links) {
    this.codes = codes;
    this.previews = previews;
    this.links = links;
  }

  @GetMapping("/mini-programs/{id}/codes")
  String codes(@PathVariable long id, Model model) {
    model.addAttribute("miniProgramId", id);
    model.addAttribute("targetApps", codes.targetAppsFor(id));
    model.addAttribute("codes", codes.list(id).stream()
        .map(c -> new Listed(c, links.shortLink(c))).toList());
    return "promotion/codes";
  }

  record Listed(PromotionCode code, String shortLink) {}

  @PostMapping("/mini-programs/{id}/codes")
  String create(@PathVariable long id, @ModelAttribute PromotionCodes.NewPromotionCode request,
      RedirectAttributes flash) {
    String back = "/mini-programs/" + id + "/codes";
    return Flash.run(flash, back, () -> {
      PromotionCode code = codes.create(id, request);
      return Flash.to(back, "Code created: " + links.shortLink(code));
    });
  }

  /** A scanned promotion code: public, scanners have no account. */
  @GetMapping("/q/{shortCode}")
  String landing(@PathVariable String shortCode, Model model) {
    model.addAttribute("landing", codes.open(shortCode));
    return "promotion/landing";
  }

  /** A scanned preview code: the super app (or the tester) names the tester. */
  @GetMapping("/p/{token}")
  String preview(@PathVariable String token, @RequestParam(required = false) String tester, Model model,
      HttpServletResponse response) {
    model.addAttribute("token", token);
    model.addAttribute("tester", tester);
    if (tester == null || tester.isBlank()) {
      return "promotion/preview";
    }
    try {
      model.addAttribute("preview", previews.open(token, tester));
    } catch (DomainException e) {
      response.setStatus(ProblemDetails.status(e.kind()).value());
      model.addAttribute("refusal", ProblemDetails.of(e));
      model.addAttribute("expired", e.kind() == DomainException.Kind.GONE);
    }
    return "promotion/preview";
  }
}
