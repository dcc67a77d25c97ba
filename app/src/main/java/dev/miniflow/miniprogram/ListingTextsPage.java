package dev.miniflow.miniprogram;

import static dev.miniflow.support.Flash.to;

import dev.miniflow.support.Flash;
import org.springframework.stereotype.Controller;
import org.springframework.ui.Model;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestParam;
import org.springframework.web.servlet.mvc.support.RedirectAttributes;

/** The page of a mini program's texts in further languages. */
@Controller
class ListingTextsPage {
  private final ListingTexts texts;
  private final MiniProgramService miniPrograms;

  ListingTextsPage(ListingTexts texts, MiniProgramService miniPrograms) {
    this.texts = texts;
    this.miniPrograms = miniPrograms;
  }

  @GetMapping("/mini-programs/{id}/texts")
  String show(@PathVariable long id, Model model) {
    model.addAttribute("program", miniPrograms.get(id));
    model.addAttribute("texts", texts.list(id));
    return "miniprogram/texts";
  }

  @PostMapping("/mini-programs/{id}/texts")
  String put(@PathVariable long id, @RequestParam(defaultValue = "") String language,
      @RequestParam(defaultValue = "") String name, @RequestParam(defaultValue = "") String description,
      RedirectAttributes flash) {
    String back = "/mini-programs/" + id + "/texts";
    return Flash.run(flash, back, () -> {
      texts.put(id, language, name, description);
      return to(back, "Texts in " + language.strip() + " saved; where the mini program is live they go to review.");
    });
  }

  @PostMapping("/mini-programs/{id}/texts/{language}/remove")
  String remove(@PathVariable long id, @PathVariable String language, RedirectAttributes flash) {
    String back = "/mini-programs/" + id + "/texts";
    return Flash.run(flash, back, () -> {
      texts.remove(id, language);
      return to(back, "Texts in " + language + " removed.");
    });
  }
}
