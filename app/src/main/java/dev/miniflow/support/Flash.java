package dev.miniflow.support;

import org.springframework.modulith.NamedInterface;
import java.util.function.Supplier;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/**
 * Runs a browser action and redirects: on success with a confirmation, on a problem with its
 * readable detail, so a bad form input never leaves the user on a bare error page.
 */
@NamedInterface("api")
public final class Flash {
  private Flash() {}

  public static String run(RedirectAttributes flash, String failureRedirect, Supplier<Outcome> action) {
    try {
      Outcome outcome = action.get();
      if (outcome.message() != null) {
        flash.addFlashAttribute("success", outcome.message());
      }
      return "redirect:" + outcome.redirect();
    } catch (DomainException e) {
      flash.addFlashAttribute("error", e.detail());
      return "redirect:" + failureRedirect;
    }
  }

  public record Outcome(String redirect, String message) {}

  public static Outcome to(String redirect, String message) {
    return new Outcome(redirect, message);
  }
}
