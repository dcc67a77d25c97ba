package dev.miniflow.miniprogram;

import java.util.List;
import org.springframework.modulith.NamedInterface;

/**
 * Published inside the transaction that changed what target apps list about a mini program
 * (name, description, category, default language, logo, texts in further languages): where it is
 * live, the change goes to review there, and a listener that refuses it rolls the edit back.
 *
 * @param textsBefore the further languages' texts before the change; null when they did not change
 */
@NamedInterface("api")
public record ListingEdited(MiniProgram before, MiniProgram after, String editedBy, List<ListingText> textsBefore) {
  public ListingEdited(MiniProgram before, MiniProgram after, String editedBy) {
    this(before, after, editedBy, null);
  }
}
