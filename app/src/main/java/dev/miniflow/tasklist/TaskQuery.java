package dev.miniflow.tasklist;

import dev.miniflow.support.Problems;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A queue with its filters, order and page, as approvers ask for it. Blank filters mean "any".
 *
 * @param olderThanHours only tasks waiting longer than this
 * @param dueBefore only tasks due before this
 * @param workspace only tasks of this workspace
 * @param after keyset paging: the tasks that come after this position in arrival order, instead
 *     of a page number; however deep, it costs as little as the first page
 */
public record TaskQuery(TaskQueries.Queue queue, String process, String miniProgram, String targetApp,
    Integer olderThanHours, Instant dueBefore, Long workspace, String text, Sort sort, boolean descending, int page,
    Position after) {
  public static final int PAGE_SIZE = 25;

  public enum Sort { CREATED, DUE, PRIORITY }

  /**
   * A task's place in arrival order, as the cursor {@code <epoch microseconds>-<task id>}: it
   * names no other task to look up, so it tells nothing about tasks the caller may not see.
   */
  public record Position(Instant createdAt, long taskId) {
    private static final Pattern FORMAT = Pattern.compile("(\\d{1,18})-(\\d{1,18})");

    public static Position of(UserTask task) {
      return new Position(task.createdAt(), task.id());
    }

    public static Position parse(String cursor) {
      Matcher m = cursor == null ? null : FORMAT.matcher(cursor);
      if (m == null || !m.matches()) {
        throw Problems.invalid("'after' is the X-Next-After value of the previous page.");
      }
      long micros = Long.parseLong(m.group(1));
      return new Position(Instant.EPOCH.plus(micros, ChronoUnit.MICROS), Long.parseLong(m.group(2)));
    }

    @Override
    public String toString() {
      return ChronoUnit.MICROS.between(Instant.EPOCH, createdAt) + "-" + taskId;
    }
  }

  public TaskQuery {
    queue = queue == null ? TaskQueries.Queue.AVAILABLE : queue;
    process = blankToNull(process);
    miniProgram = blankToNull(miniProgram);
    targetApp = blankToNull(targetApp);
    text = blankToNull(text);
    sort = sort == null ? Sort.CREATED : sort;
    page = Math.max(0, page);
    if (after != null && (page > 0 || !inArrivalOrder(queue, sort))) {
      throw Problems.invalid(
          "'after' pages open tasks in arrival order (sort=CREATED); it takes no page number.");
    }
    if (olderThanHours != null && (olderThanHours < 0 || olderThanHours > 24 * 366)) {
      throw Problems.invalid("'olderThanHours' must be between 0 and 8784.");
    }
    for (String filter : new String[] {process, miniProgram, targetApp, text}) {
      if (filter != null && filter.length() > 200) {
        throw Problems.invalid("Filters may have at most 200 characters.");
      }
    }
  }

  /** Whether the page can be followed by keyset ({@code after}): open tasks in arrival order. */
  public boolean pagesByKeyset() {
    return inArrivalOrder(queue, sort);
  }

  private static boolean inArrivalOrder(TaskQueries.Queue queue, Sort sort) {
    return sort == Sort.CREATED && queue != TaskQueries.Queue.COMPLETED;
  }

  /** Whether anything beyond the queue, order and page narrows the tasks. */
  public boolean filtered() {
    return process != null || miniProgram != null || targetApp != null || text != null || olderThanHours != null
        || dueBefore != null || workspace != null;
  }

  public static TaskQuery of(TaskQueries.Queue queue) {
    return new TaskQuery(queue, null, null, null, null, null, null, null, null, false, 0, null);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
