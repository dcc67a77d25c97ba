package dev.miniflow.partner;

import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.annotation.ReadOnlyProperty;
import org.springframework.data.relational.core.mapping.Table;
import org.springframework.modulith.NamedInterface;

/**
 * One version of a target app's listing rules (see {@link ListingRules}); a null bound is no rule.
 * A change is a new version, so releases keep the one they were asked for under.
 */
@Table("listing_rule_set")
@NamedInterface("api")
public record ListingRuleSet(
    @Id Long id,
    Long targetAppId,
    Integer nameMin,
    Integer nameMax,
    Integer descriptionMin,
    Integer descriptionMax,
    boolean logoRequired,
    boolean logoSquare,
    Integer logoMaxBytes,
    boolean defaultLanguageRequired,
    Integer maxMiniPrograms,
    Integer maxVersionsKept,
    String createdBy,
    // the database's clock stamps a version when it is written
    @ReadOnlyProperty Instant createdAt) {

  /** The rules a new target app of the kind starts with: strict apps' as they always were, others none. */
  public static ListingRuleSet defaultsFor(TargetAppKind kind) {
    return kind == TargetAppKind.STRICT
        ? new ListingRuleSet(null, null, 3, 30, 20, 200, true, true, 256 * 1024, true, 10, 20, null, null)
        : new ListingRuleSet(null, null, null, null, null, null, false, false, null, false, null, null, null, null);
  }

  /** Whether any rule is set. */
  public boolean any() {
    return nameMin != null || nameMax != null || descriptionMin != null || descriptionMax != null || logoRequired
        || logoSquare || logoMaxBytes != null || defaultLanguageRequired || maxMiniPrograms != null
        || maxVersionsKept != null;
  }

  /** The same rules as a new version of the target app's, by whom. */
  ListingRuleSet versionOf(long targetAppId, String by) {
    return new ListingRuleSet(null, targetAppId, nameMin, nameMax, descriptionMin, descriptionMax, logoRequired,
        logoSquare, logoMaxBytes, defaultLanguageRequired, maxMiniPrograms, maxVersionsKept, by, null);
  }

  /** The same rules, for comparing versions. */
  boolean sameRulesAs(ListingRuleSet other) {
    return versionOf(0, null).equals(other.versionOf(0, null));
  }
}
