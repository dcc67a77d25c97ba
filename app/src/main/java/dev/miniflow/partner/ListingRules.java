package dev.miniflow.partner;

import java.util.ArrayList;
import java.util.List;
import org.springframework.modulith.NamedInterface;

/**
 * A target app's listing rules (its current {@link ListingRuleSet}, or the one a release was asked
 * for under), checked before anyone reviews a release, and told to reviewers in words.
 */
@NamedInterface("api")
public final class ListingRules {
  private ListingRules() {}

  /** The rules a target app applies to what it lists, in words, for reviewers. */
  public static List<String> describe(TargetApp app, ListingRuleSet rules) {
    List<String> words = new ArrayList<>();
    words.add(switch (app.kind()) {
      case NATIVE -> "The workspace's own super app.";
      case PARTNER -> "A partner super app: it may still reject a published release.";
      case STRICT -> "A strict partner super app with extra listing rules:";
    });
    List<String> texts = new ArrayList<>();
    if (rules.nameMin() != null || rules.nameMax() != null) {
      texts.add("Name " + range(rules.nameMin(), rules.nameMax()) + " characters");
    }
    if (rules.descriptionMin() != null || rules.descriptionMax() != null) {
      texts.add("description " + range(rules.descriptionMin(), rules.descriptionMax()) + " characters");
    }
    sentence(words, texts);
    List<String> logo = new ArrayList<>();
    if (rules.logoRequired() || rules.logoSquare() || rules.logoMaxBytes() != null) {
      logo.add("A " + (rules.logoSquare() ? "square " : "") + "logo"
          + (rules.logoMaxBytes() == null ? "" : " of at most " + kilobytes(rules.logoMaxBytes()))
          + (rules.logoRequired() ? "" : " if there is one"));
    }
    if (rules.defaultLanguageRequired()) {
      logo.add(logo.isEmpty() ? "A default language" : "a default language");
    }
    sentence(words, logo);
    List<String> limits = new ArrayList<>();
    if (rules.maxMiniPrograms() != null) {
      limits.add("At most " + rules.maxMiniPrograms() + " mini programs per workspace");
    }
    if (rules.maxVersionsKept() != null) {
      limits.add((limits.isEmpty() ? "At most " : "") + rules.maxVersionsKept() + " versions kept");
    }
    if (!limits.isEmpty()) {
      words.add(String.join(" and ", limits) + ".");
    }
    words.add("Sandbox releases " + (app.sandboxReviewRequired() ? "are" : "are not")
        + " reviewed; production releases always are.");
    return words;
  }

  /** @return one readable sentence per broken rule; empty when the listing is acceptable */
  public static List<String> violations(ListingRuleSet rules, ListingProfile p) {
    List<String> broken = new ArrayList<>();
    int name = p.name() == null ? 0 : p.name().strip().length();
    if (outside(name, rules.nameMin(), rules.nameMax())) {
      broken.add("The name must be " + range(rules.nameMin(), rules.nameMax()) + " characters (it has " + name + ").");
    }
    int description = p.description() == null ? 0 : p.description().strip().length();
    if (outside(description, rules.descriptionMin(), rules.descriptionMax())) {
      broken.add("The description must be " + range(rules.descriptionMin(), rules.descriptionMax())
          + " characters (it has " + description + ").");
    }
    if (p.logoBytes() == 0) {
      if (rules.logoRequired()) {
        broken.add("A logo is required.");
      }
    } else {
      if (rules.logoSquare() && p.logoWidth() != p.logoHeight()) {
        broken.add("The logo must be square (it is " + p.logoWidth() + "×" + p.logoHeight() + ").");
      }
      if (rules.logoMaxBytes() != null && p.logoBytes() > rules.logoMaxBytes()) {
        broken.add("The logo must be at most " + kilobytes(rules.logoMaxBytes()) + " (it is "
            + (p.logoBytes() / 1024) + " KB).");
      }
    }
    if (rules.defaultLanguageRequired() && (p.defaultLanguage() == null || p.defaultLanguage().isBlank())) {
      broken.add("A default language is required.");
    }
    if (rules.maxMiniPrograms() != null) {
      long programs = p.miniProgramsInWorkspace().getAsLong();
      if (programs > rules.maxMiniPrograms()) {
        broken.add("At most " + rules.maxMiniPrograms() + " mini programs per workspace are allowed (there are "
            + programs + ").");
      }
    }
    if (rules.maxVersionsKept() != null) {
      long versions = p.versionsKept().getAsLong();
      if (versions > rules.maxVersionsKept()) {
        broken.add("At most " + rules.maxVersionsKept() + " kept versions are allowed (there are " + versions + ").");
      }
    }
    return broken;
  }

  private static boolean outside(int value, Integer min, Integer max) {
    return (min != null && value < min) || (max != null && value > max);
  }

  private static String range(Integer min, Integer max) {
    if (min != null && max != null) {
      return min + " to " + max;
    }
    return min != null ? "at least " + min : "at most " + max;
  }

  private static String kilobytes(int bytes) {
    return bytes % 1024 == 0 ? bytes / 1024 + " KB" : bytes + " bytes";
  }

  private static void sentence(List<String> words, List<String> parts) {
    if (!parts.isEmpty()) {
      words.add(String.join("; ", parts) + ".");
    }
  }
}
