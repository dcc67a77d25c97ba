package dev.miniflow.removal;

import static dev.miniflow.removal.RemovalProcess.MESSAGE_RECTIFIED;
import static dev.miniflow.removal.RemovalProcess.MESSAGE_WITHDRAWN;

import dev.miniflow.authorization.AccessPolicy;
import dev.miniflow.authorization.Scope;
import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.workspace.WorkspaceAccess;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/** What people do with a removal under way: the requester withdraws it, the owners answer a finding. */
@Service
public class RemovalActions {
  private final RemovalRepository removals;
  private final RemovalProcess process;
  private final WorkspaceAccess workspaces;
  private final AccessPolicy policy;
  private final AuditTrail audit;

  RemovalActions(RemovalRepository removals, RemovalProcess process, WorkspaceAccess workspaces, AccessPolicy policy,
      AuditTrail audit) {
    this.removals = removals;
    this.process = process;
    this.workspaces = workspaces;
    this.policy = policy;
    this.audit = audit;
  }

  /** The requester takes back a removal that is not decided yet. */
  @Transactional
  public Removal withdraw(long removalId) {
    Removal removal = find(removalId);
    String user = workspaces.requireMember(removal.workspaceId(), "Removal " + removalId);
    if (!user.equals(removal.requestedBy()) || removal.kind() != Removal.Kind.REQUESTED) {
      throw Problems.forbidden("Only " + removal.requestedBy() + ", who asked for this removal, can withdraw it.");
    }
    if (removals.transition(removalId, Removal.Status.names(Removal.Status.UNDER_REVIEW),
        Removal.Status.WITHDRAWN.name(), null, null) == 0) {
      throw Problems.conflict("Only a removal under review can be withdrawn; this one is " + load(removalId).status()
          + ".");
    }
    audit.record(user, RemovalAudit.WITHDRAWN, removalId, removal.workspaceId(), null);
    process.tell(MESSAGE_WITHDRAWN, removalId);
    return load(removalId);
  }

  /** The owners answer a finding before its deadline; an inspector then reviews what they did. */
  @Transactional
  public Removal rectify(long removalId, String note) {
    Removal removal = find(removalId);
    workspaces.requireMember(removal.workspaceId(), "Removal " + removalId);
    String owner = policy.require(removal.workspaceId(), removal.miniProgramId(), Scope.MEMBERS);
    if (note == null || note.isBlank()) {
      throw Problems.invalid("Say what was rectified.");
    }
    if (removals.submitRectification(removalId, note.strip(), owner) == 0) {
      throw Problems.conflict("A rectification can be submitted while the finding waits for one; it is "
          + load(removalId).status() + ".");
    }
    audit.record(owner, RemovalAudit.RECTIFICATION_SUBMITTED, removalId, removal.workspaceId(), note.strip());
    // the rectification is now what is asked for: its author (rectified_by) may not review it (four-eyes)
    process.tell(MESSAGE_RECTIFIED, removalId);
    return load(removalId);
  }

  private Removal find(long removalId) {
    return removals.findById(removalId).orElseThrow(() -> Problems.notFound("Removal " + removalId));
  }

  private Removal load(long removalId) {
    return removals.findCommitted(removalId).orElseThrow(() -> new IllegalStateException("No removal " + removalId));
  }
}
