package dev.miniflow.partner;

/**
 * What a target app's listing rules look at, gathered by the caller.
 *
 * @param logoBytes size of the logo, 0 when there is none
 */
public record ListingProfile(String name, String description, long logoBytes, int logoWidth, int logoHeight,
    String defaultLanguage, long miniProgramsInWorkspace, long versionsKept) {}
