package dev.miniflow.partner;

import org.springframework.modulith.NamedInterface;
/**
 * What a target app's listing rules look at, gathered by the caller.
 *
 * @param logoBytes size of the logo, 0 when there is none
 */
@NamedInterface("api")
public record ListingProfile(String name, String description, long logoBytes, int logoWidth, int logoHeight,
    String defaultLanguage, long miniProgramsInWorkspace, long versionsKept) {}
