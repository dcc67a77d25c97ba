package dev.miniflow.miniprogram;

import jakarta.validation.Valid;
import jakarta.validation.constraints.NotNull;
import jakarta.validation.constraints.Size;
import java.util.List;
import org.springframework.web.bind.annotation.DeleteMapping;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PutMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RestController;

/** A mini program's name and description in further languages. */
@RestController
class ListingTextsApi {
  private final ListingTexts texts;

  ListingTextsApi(ListingTexts texts) {
    this.texts = texts;
  }

  /** Lists a mini program's listing texts per language. For members of its workspace. */
  @GetMapping("/api/v1/mini-programs/{id}/texts")
  List<ListingText> list(@PathVariable long id) {
    return texts.list(id);
  }

  record Texts(@NotNull @Size(max = 64) String name, @NotNull @Size(max = 400) String description) {}

  /**
   * Sets the texts of one language. Body: {"name", "description"}; needs the upload scope. Where the mini program is
   * live, the change goes to review there.
   */
  @PutMapping("/api/v1/mini-programs/{id}/texts/{language}")
  List<ListingText> put(@PathVariable long id, @PathVariable String language, @Valid @RequestBody Texts body) {
    return texts.put(id, language, body.name(), body.description());
  }

  /**
   * Removes the texts of one language. Needs the upload scope on the mini program; answers with the texts that
   * remain.
   */
  @DeleteMapping("/api/v1/mini-programs/{id}/texts/{language}")
  List<ListingText> remove(@PathVariable long id, @PathVariable String language) {
    return texts.remove(id, language);
  }
}
