package dev.miniflow.tasklist;

import org.springframework.modulith.NamedInterface;

/**
 * The variables a completed user task hands its process: the decision and comment of its form,
 * and who completed it (written by the task list, never by the person). The recording steps read
 * them from the task row, not from these variables (see the trust model); models route on them.
 */
@NamedInterface("api")
public final class TaskResult {
  public static final String DECISION = "decision";
  public static final String COMMENT = "comment";
  public static final String COMPLETED_BY = "completedBy";

  private TaskResult() {}
}
