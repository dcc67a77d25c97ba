package dev.miniflow.listing;

import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.tasklist.TaskIntake;
import dev.miniflow.workspace.WorkspaceAccess;
import java.util.List;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** Members read a mini program's listing changes; whoever asked withdraws one still under review. */
@Service
class ListingChangeActions {
  private final ListingChangeRepository changes;
  private final ListingChangeProcess process;
  private final TaskIntake tasks;
  private final WorkspaceAccess access;
  private final AuditTrail audit;

  ListingChangeActions(ListingChangeRepository changes, ListingChangeProcess process, TaskIntake tasks,
      WorkspaceAccess access, AuditTrail audit) {
    this.changes = changes;
    this.process = process;
    this.tasks = tasks;
    this.access = access;
    this.audit = audit;
  }

  List<ListingChange> ofMiniProgram(long miniProgramId, long workspaceId) {
    access.requireMember(workspaceId, "Mini program " + miniProgramId);
    return changes.findByMiniProgramIdOrderByIdDesc(miniProgramId);
  }

  ListingChange get(long changeId) {
    ListingChange change = find(changeId);
    access.requireMember(change.workspaceId(), "Listing change " + changeId);
    return change;
  }

  @Transactional
  ListingChange withdraw(long changeId) {
    ListingChange change = find(changeId);
    String user = access.requireMember(change.workspaceId(), "Listing change " + changeId);
    if (!user.equals(change.requestedBy())) {
      throw Problems.forbidden("Only " + change.requestedBy() + ", who changed the listing, can withdraw this.");
    }
    if (changes.decide(changeId, ListingChange.Status.UNDER_REVIEW.name(), ListingChange.Status.WITHDRAWN.name(),
        user, null) == 0) {
      throw Problems.conflict("Only a listing change under review can be withdrawn; this one is "
          + find(changeId).status() + ".");
    }
    tasks.cancelOpenTasks(ListingChangeProcess.PROCESS_ID, String.valueOf(changeId));
    audit.record(user, ListingAudit.WITHDRAWN, changeId, change.workspaceId(), null);
    process.withdrawn(changeId);
    return find(changeId);
  }

  private ListingChange find(long changeId) {
    return changes.findById(changeId).orElseThrow(() -> Problems.notFound("Listing change " + changeId));
  }
}
