package dev.miniflow.miniprogram;

import dev.miniflow.authorization.MiniProgramDirectory;
import java.util.Optional;
import org.springframework.stereotype.Component;

/** Tells the authorization feature which workspace a mini program belongs to. */
@Component
class MiniProgramListings implements MiniProgramDirectory {
  private final MiniProgramRepository programs;

  MiniProgramListings(MiniProgramRepository programs) {
    this.programs = programs;
  }

  @Override
  public Optional<Listing> find(long miniProgramId) {
    return programs.findById(miniProgramId).map(p -> new Listing(p.id(), p.workspaceId(), p.name()));
  }
}
