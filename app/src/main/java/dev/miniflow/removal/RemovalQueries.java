package dev.miniflow.removal;

import dev.miniflow.miniprogram.MiniProgramService;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.WorkspaceAccess;
import java.util.List;
import org.springframework.stereotype.Service;

/** Removals as their workspace's members see them. */
@Service
public class RemovalQueries {
  private final RemovalRepository removals;
  private final WorkspaceAccess workspaces;
  private final MiniProgramService miniPrograms;

  RemovalQueries(RemovalRepository removals, WorkspaceAccess workspaces, MiniProgramService miniPrograms) {
    this.removals = removals;
    this.workspaces = workspaces;
    this.miniPrograms = miniPrograms;
  }

  public Removal get(long removalId) {
    Removal removal = removals.findById(removalId).orElseThrow(() -> Problems.notFound("Removal " + removalId));
    workspaces.requireMember(removal.workspaceId(), "Removal " + removalId);
    return removal;
  }

  public List<Removal> ofMiniProgram(long miniProgramId) {
    miniPrograms.get(miniProgramId);
    return removals.findByMiniProgramIdOrderByIdDesc(miniProgramId);
  }

  /** For task pages, which checked access already. */
  Removal load(long removalId) {
    return removals.findCommitted(removalId).orElseThrow(() -> new IllegalStateException("No removal " + removalId));
  }
}
