package dev.miniflow.partner;

import org.springframework.modulith.NamedInterface;
import java.util.ArrayList;
import java.util.List;

/** The stricter listing rules of STRICT target apps, checked before anyone reviews a release. */
@NamedInterface("api")
public final class ListingRules {
  static final int MAX_LOGO_BYTES = 256 * 1024;
  static final int MAX_MINI_PROGRAMS = 10;
  static final int MAX_VERSIONS_KEPT = 20;

  private ListingRules() {}

  /** The rules a target app applies to what it lists, in words, for reviewers. */
  public static List<String> describe(TargetApp app) {
    List<String> rules = new ArrayList<>();
    rules.add(switch (app.kind()) {
      case NATIVE -> "The workspace's own super app.";
      case PARTNER -> "A partner super app: it may still reject a published release.";
      case STRICT -> "A strict partner super app with extra listing rules:";
    });
    if (app.kind() == TargetAppKind.STRICT) {
      rules.add("Name 3 to 30 characters; description 20 to 200 characters.");
      rules.add("A square logo of at most 256 KB; a default language.");
      rules.add(
          "At most " + MAX_MINI_PROGRAMS + " mini programs per workspace and " + MAX_VERSIONS_KEPT + " versions kept.");
    }
    rules.add("Sandbox releases " + (app.sandboxReviewRequired() ? "are" : "are not")
        + " reviewed; production releases always are.");
    return rules;
  }

  /** @return one readable sentence per broken rule; empty when the listing is acceptable */
  public static List<String> violations(TargetApp app, ListingProfile p) {
    List<String> broken = new ArrayList<>();
    if (app.kind() != TargetAppKind.STRICT) {
      return broken;
    }
    int name = p.name() == null ? 0 : p.name().strip().length();
    if (name < 3 || name > 30) {
      broken.add("The name must be 3 to 30 characters (it has " + name + ").");
    }
    int description = p.description() == null ? 0 : p.description().strip().length();
    if (description < 20 || description > 200) {
      broken.add("The description must be 20 to 200 characters (it has " + description + ").");
    }
    if (p.logoBytes() == 0) {
      broken.add("A logo is required.");
    } else {
      if (p.logoWidth() != p.logoHeight()) {
        broken.add("The logo must be square (it is " + p.logoWidth() + "×" + p.logoHeight() + ").");
      }
      if (p.logoBytes() > MAX_LOGO_BYTES) {
        broken.add("The logo must be at most 256 KB (it is " + (p.logoBytes() / 1024) + " KB).");
      }
    }
    if (p.defaultLanguage() == null || p.defaultLanguage().isBlank()) {
      broken.add("A default language is required.");
    }
    if (p.miniProgramsInWorkspace() > MAX_MINI_PROGRAMS) {
      broken.add("At most " + MAX_MINI_PROGRAMS + " mini programs per workspace are allowed (there are "
          + p.miniProgramsInWorkspace() + ").");
    }
    if (p.versionsKept() > MAX_VERSIONS_KEPT) {
      broken.add("At most " + MAX_VERSIONS_KEPT + " kept versions are allowed (there are " + p.versionsKept() + ").");
    }
    return broken;
  }
}
