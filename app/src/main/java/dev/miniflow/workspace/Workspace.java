package dev.miniflow.workspace;

import org.springframework.modulith.NamedInterface;
import java.time.Instant;
import org.springframework.data.annotation.Id;
import org.springframework.data.relational.core.mapping.Table;

/**
 * A tenant: a super-app operator or a merchant. Nothing is shared across workspaces. An archived
 * one is read-only until a platform admin restores it.
 */
@Table("workspace")
@NamedInterface("api")
public record Workspace(@Id Long id, String name, Instant createdAt, Instant archivedAt, String archivedBy) {
  public boolean archived() {
    return archivedAt != null;
  }
}
