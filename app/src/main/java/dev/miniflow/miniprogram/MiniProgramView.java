package dev.miniflow.miniprogram;

import java.time.Instant;

/**
 * A mini program as the API answers with it: never the logo's bytes (clients fetch the image
 * itself), and its own type, so the mini_program table can change without clients seeing it.
 */
record MiniProgramView(
    Long id,
    Long workspaceId,
    String name,
    String description,
    String category,
    String createdBy,
    Instant createdAt,
    String defaultLanguage,
    Integer logoWidth,
    Integer logoHeight) {

  static MiniProgramView of(MiniProgram p) {
    return new MiniProgramView(p.id(), p.workspaceId(), p.name(), p.description(), p.category(), p.createdBy(),
        p.createdAt(), p.defaultLanguage(), p.logoWidth(), p.logoHeight());
  }
}
