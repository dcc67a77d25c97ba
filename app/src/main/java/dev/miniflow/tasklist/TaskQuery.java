package dev.miniflow.tasklist;

/**
 * A queue with its filters, order and page, as approvers ask for it. Blank filters mean "any".
 *
 * @param olderThanHours only tasks waiting longer than this
 * @param after keyset paging: the tasks that come after this task (id) in arrival order, instead
 *     of a page number; however deep, it costs as little as the first page
 */
public record TaskQuery(TaskService.Queue queue, String process, String miniProgram, String targetApp,
    Integer olderThanHours, String text, Sort sort, boolean descending, int page, Long after) {
  public static final int PAGE_SIZE = 25;

  public enum Sort { CREATED, DUE, PRIORITY }

  public TaskQuery {
    queue = queue == null ? TaskService.Queue.AVAILABLE : queue;
    process = blankToNull(process);
    miniProgram = blankToNull(miniProgram);
    targetApp = blankToNull(targetApp);
    text = blankToNull(text);
    sort = sort == null ? Sort.CREATED : sort;
    page = Math.max(0, page);
    if (after != null && (page > 0 || sort != Sort.CREATED || queue == TaskService.Queue.COMPLETED)) {
      throw dev.miniflow.support.Problems.invalid(
          "'after' pages open tasks in arrival order (sort=CREATED); it takes no page number.");
    }    if (olderThanHours != null && (olderThanHours < 0 || olderThanHours > 24 * 366)) {
      throw dev.miniflow.support.Problems.invalid("'olderThanHours' must be between 0 and 8784.");
    }
    for (String filter : new String[] {process, miniProgram, targetApp, text}) {
      if (filter != null && filter.length() > 200) {
        throw dev.miniflow.support.Problems.invalid("Filters may have at most 200 characters.");
      }
    }
  }

  /** Whether anything beyond the queue, order and page narrows the tasks. */
  public boolean filtered() {
    return process != null || miniProgram != null || targetApp != null || text != null || olderThanHours != null;
  }

  public static TaskQuery of(TaskService.Queue queue) {
    return new TaskQuery(queue, null, null, null, null, null, null, false, 0, null);
  }

  private static String blankToNull(String value) {
    return value == null || value.isBlank() ? null : value.strip();
  }
}
