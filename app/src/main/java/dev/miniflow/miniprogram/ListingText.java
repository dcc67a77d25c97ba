package dev.miniflow.miniprogram;

import org.springframework.modulith.NamedInterface;

/** A mini program's name and description in a further language. */
@NamedInterface("api")
public record ListingText(String language, String name, String description) {}
