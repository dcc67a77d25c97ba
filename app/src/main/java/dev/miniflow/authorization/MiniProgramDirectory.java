package dev.miniflow.authorization;

import org.springframework.modulith.NamedInterface;
import java.util.Optional;

/**
 * What this feature needs to know of mini programs, provided by the mini program feature (which
 * depends on this one, not the other way round).
 */
@NamedInterface("api")
public interface MiniProgramDirectory {
  @NamedInterface("api")
  record Listing(long id, long workspaceId, String name) {}

  Optional<Listing> find(long miniProgramId);
}
