package dev.miniflow.authorization;

import java.util.Optional;

/**
 * What this feature needs to know of mini programs, provided by the mini program feature (which
 * depends on this one, not the other way round).
 */
public interface MiniProgramDirectory {
  record Listing(long id, long workspaceId, String name) {}

  Optional<Listing> find(long miniProgramId);
}
