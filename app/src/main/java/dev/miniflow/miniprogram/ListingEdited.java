package dev.miniflow.miniprogram;

import org.springframework.modulith.NamedInterface;

/**
 * Published inside the transaction that changed what target apps list about a mini program
 * (description, category, default language, logo): where it is live, the change goes to review
 * there, and a listener that refuses it rolls the edit back.
 */
@NamedInterface("api")
public record ListingEdited(MiniProgram before, MiniProgram after, String editedBy) {}
