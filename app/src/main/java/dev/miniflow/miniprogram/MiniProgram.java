package dev.miniflow.miniprogram;

import org.springframework.modulith.NamedInterface;
import com.fasterxml.jackson.annotation.JsonIgnore;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/** A mini program of a workspace. */
@Table("mini_program")
@NamedInterface("api")
public record MiniProgram(
    @Id Long id,
    Long workspaceId,
    String name,
    String description,
    String category,
    String createdBy,
    Instant createdAt,
    String defaultLanguage,
    @JsonIgnore byte[] logo,
    Integer logoWidth,
    Integer logoHeight) {

  public long logoBytes() {
    return logo == null ? 0 : logo.length;
  }
}
