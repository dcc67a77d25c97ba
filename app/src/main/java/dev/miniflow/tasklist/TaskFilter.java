package dev.miniflow.tasklist;

import dev.miniflow.support.Problems;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.format.DateTimeParseException;

/**
 * The query parameters of a queue, as pages, saved views and the API receive them (all optional).
 *
 * @param dueBefore a date (its start, UTC) or an instant
 */
public record TaskFilter(TaskQueries.Queue queue, String process, String miniProgram, String targetApp,
    Integer olderThanHours, String dueBefore, Long workspace, String q, TaskQuery.Sort sort, Boolean desc,
    Integer page, String after) {

  public TaskQuery toQuery() {
    // completed work is looked back at newest first; open work is taken oldest first
    boolean descending = desc == null ? queue == TaskQueries.Queue.COMPLETED : desc;
    return new TaskQuery(queue, process, miniProgram, targetApp, olderThanHours, due(dueBefore), workspace, q, sort,
        descending, page == null ? 0 : page, after == null || after.isBlank() ? null : TaskQuery.Position.parse(after));
  }

  /** The same filter on another page (or none: null). */
  public TaskFilter onPage(Integer other) {
    return new TaskFilter(queue, process, miniProgram, targetApp, olderThanHours, dueBefore, workspace, q, sort, desc,
        other, null);
  }

  private static Instant due(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String text = value.strip();
    try {
      return text.length() <= 10 ? LocalDate.parse(text).atStartOfDay(ZoneOffset.UTC).toInstant() : Instant.parse(text);
    } catch (DateTimeParseException e) {
      throw Problems.invalid("'dueBefore' is a date like 2026-12-24 or an instant like 2026-12-24T08:00:00Z.");
    }
  }
}
