package dev.miniflow.tasklist;

import java.util.EnumSet;
import java.util.Set;

public enum TaskState {
  OPEN, CLAIMED, COMPLETED, CANCELED;

  /** Tasks still to be done: claimable, or claimed and not completed. */
  public static final Set<TaskState> UNFINISHED = EnumSet.of(OPEN, CLAIMED);
  /**
   * {@link #UNFINISHED} as the queries write it. A literal in the SQL text, not a parameter: the
   * partial indexes on user_task have this predicate, and only a literal lets the planner use them
   * in every plan (TaskStateTest checks it is the set).
   */
  public static final String UNFINISHED_SQL = "('OPEN', 'CLAIMED')";
}
