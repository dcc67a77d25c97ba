package dev.miniflow.tasklist;

import dev.miniflow.support.AuditTrail;
import dev.miniflow.workspace.MemberBlocked;
import dev.miniflow.workspace.MemberRemoved;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Someone who was blocked in or removed from a workspace can no longer decide its tasks: the ones
 * they had claimed go back to their queues, in the transaction that took their access away.
 */
@Component
class TaskHandback {
  private final UserTaskStore store;
  private final AuditTrail audit;

  TaskHandback(UserTaskStore store, AuditTrail audit) {
    this.store = store;
    this.audit = audit;
  }

  @EventListener
  @Transactional(propagation = Propagation.MANDATORY)
  public void on(MemberBlocked blocked) {
    handBack(blocked.workspaceId(), blocked.username(), blocked.blockedBy(), "was blocked");
  }

  @EventListener
  @Transactional(propagation = Propagation.MANDATORY)
  public void on(MemberRemoved removed) {
    handBack(removed.workspaceId(), removed.username(), removed.removedBy(), "left the workspace");
  }

  private void handBack(long workspaceId, String username, String actor, String why) {
    for (long taskId : store.handBackAll(workspaceId, username)) {
      audit.record(actor, TaskAudit.HANDED_BACK, taskId, workspaceId, "back to the queue: " + username + " " + why);
    }
  }
}
