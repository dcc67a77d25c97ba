package dev.miniflow.partner;

import org.springframework.modulith.NamedInterface;
/**
 * What a target app's listing rules look at, gathered by the caller.
 *
 * @param logoBytes size of the logo, 0 when there is none
 * @param miniProgramsInWorkspace counted only if a rule limits it (a count on every release otherwise)
 * @param versionsKept counted only if a rule limits it
 */
@NamedInterface("api")
public record ListingProfile(String name, String description, long logoBytes, int logoWidth, int logoHeight,
    String defaultLanguage, java.util.function.LongSupplier miniProgramsInWorkspace,
    java.util.function.LongSupplier versionsKept) {

  /** With counts known already. */
  public ListingProfile(String name, String description, long logoBytes, int logoWidth, int logoHeight,
      String defaultLanguage, long miniProgramsInWorkspace, long versionsKept) {
    this(name, description, logoBytes, logoWidth, logoHeight, defaultLanguage, () -> miniProgramsInWorkspace,
        () -> versionsKept);
  }
}
