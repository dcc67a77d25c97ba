package dev.miniflow.partner;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/** The strict apps' listing rules on their own: no Spring, no database, no engine. */
class ListingRulesTest {
  static final TargetApp STRICT = app(TargetAppKind.STRICT);
  static final ListingRuleSet RULES = ListingRuleSet.defaultsFor(TargetAppKind.STRICT);
  static final ListingProfile GOOD = new ListingProfile("Coffee Club", "Order coffee ahead and collect it.",
      40_000, 512, 512, "en", 3, 4);

  @Test
  void aGoodListingBreaksNothingAndOnlyStrictAppsCheck() {
    assertThat(ListingRules.violations(RULES, GOOD)).isEmpty();
    ListingProfile bad = new ListingProfile("", null, 0, 0, 0, null, 99, 99);
    assertThat(ListingRules.violations(ListingRuleSet.defaultsFor(TargetAppKind.NATIVE), bad)).isEmpty();
    assertThat(ListingRules.violations(ListingRuleSet.defaultsFor(TargetAppKind.PARTNER), bad)).isEmpty();
  }

  @Test
  void eachBrokenRuleIsOneSentenceWithTheFigure() {
    assertThat(ListingRules.violations(RULES, new ListingProfile("Co", "Too short.", 300 * 1024, 512, 300, " ",
        11, 21))).containsExactly(
            "The name must be 3 to 30 characters (it has 2).",
            "The description must be 20 to 200 characters (it has 10).",
            "The logo must be square (it is 512×300).",
            "The logo must be at most 256 KB (it is 300 KB).",
            "A default language is required.",
            "At most 10 mini programs per workspace are allowed (there are 11).",
            "At most 20 kept versions are allowed (there are 21).");
    assertThat(
        ListingRules.violations(RULES, new ListingProfile(GOOD.name(), GOOD.description(), 0, 0, 0, "en", 1, 1)))
        .containsExactly("A logo is required.");
  }

  @Test
  void theLimitsThemselvesAreAllowed() {
    String thirty = "n".repeat(30);
    String twoHundred = "d".repeat(200);
    assertThat(
        ListingRules.violations(RULES, new ListingProfile(thirty, twoHundred, 256 * 1024, 64, 64, "en", 10, 20)))
        .isEmpty();
    assertThat(ListingRules.violations(RULES, new ListingProfile("  ab  ", GOOD.description(), 1, 1, 1, "en", 1, 1)))
        .as("blanks around the name do not count").hasSize(1);
  }

  @Test
  void reviewersReadTheRulesInWords() {
    assertThat(ListingRules.describe(STRICT, RULES))
        .contains("Name 3 to 30 characters; description 20 to 200 characters.")
        .last().asString().contains("are not reviewed");
    assertThat(ListingRules.describe(app(TargetAppKind.NATIVE), ListingRuleSet.defaultsFor(TargetAppKind.NATIVE)))
        .hasSize(2);
  }

  private static TargetApp app(TargetAppKind kind) {
    return new TargetApp(1L, 1L, kind.name().toLowerCase(), kind.name(), "simulated", kind, false, null, null);
  }

  @Test
  void anAdminsOwnRulesAreCheckedAndToldAsSet() {
    ListingRuleSet own = new ListingRuleSet(null, null, null, 12, 5, null, false, true, 1000, false, null, 2, null,
        null);
    assertThat(ListingRules.violations(own, new ListingProfile("A rather long name", "Tiny", 2048, 10, 20, null,
        50, 3))).containsExactly(
            "The name must be at most 12 characters (it has 18).",
            "The description must be at least 5 characters (it has 4).",
            "The logo must be square (it is 10×20).",
            "The logo must be at most 1000 bytes (it is 2 KB).",
            "At most 2 kept versions are allowed (there are 3).");
    assertThat(ListingRules.violations(own, new ListingProfile("Short", "Long enough", 0, 0, 0, null, 50, 1)))
        .as("no logo is fine when none is required").isEmpty();
    assertThat(ListingRules.describe(app(TargetAppKind.PARTNER), own)).containsSubsequence(
        "Name at most 12 characters; description at least 5 characters.",
        "A square logo of at most 1000 bytes if there is one.",
        "At most 2 versions kept.");
  }
}
