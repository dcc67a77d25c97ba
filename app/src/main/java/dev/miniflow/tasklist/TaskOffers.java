package dev.miniflow.tasklist;

import java.util.List;
import org.springframework.stereotype.Component;
import org.springframework.transaction.annotation.Propagation;
import org.springframework.transaction.annotation.Transactional;

/**
 * Offering a task to someone it was not meant for, the task side of out of office: the delegation
 * package decides who stands in and when, this changes the task's candidates and holder (each
 * write conditional on the version the caller read) and remembers which delegation did it.
 */
@Component
public class TaskOffers {
  private final UserTaskStore store;
  private final TaskAudience audience;

  TaskOffers(UserTaskStore store, TaskAudience audience) {
    this.store = store;
    this.audience = audience;
  }

  /** The tasks the user holds in the workspace. */
  public List<UserTask> heldBy(long workspaceId, String username) {
    return store.claimedBy(workspaceId, username);
  }

  /** The task as it is now. */
  public UserTask current(long taskId) {
    return store.find(taskId).orElseThrow();
  }

  /**
   * Makes {@code to} a candidate of the unfinished task and, with {@code assign}, its holder, on
   * behalf of the delegation; false when the task changed since it was read.
   */
  @Transactional(propagation = Propagation.MANDATORY)
  public boolean offer(long delegationId, UserTask task, String to, boolean assign) {
    if (!store.offer(task.id(), task.lockVersion(), to, assign)) {
      return false;
    }
    store.recordOffer(delegationId, task.id());
    return true;
  }

  /** Takes back the ended delegation's offers nobody claimed; returns those tasks' ids. */
  @Transactional(propagation = Propagation.MANDATORY)
  public List<Long> withdraw(long delegationId, String delegate) {
    return store.withdrawOffers(delegationId, delegate);
  }

  public void tellAssigned(UserTask task, String by, String to) {
    audience.tellAssigned(task, by, to);
  }

  /** Who the task is for, as people read it. */
  public static String candidatesText(UserTask task) {
    return TaskAudience.candidatesText(task);
  }
}
