package dev.miniflow.tasklist;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Which rows the queue marks overdue: open tasks past their due date, as of when the page was read (no Spring). */
class OverdueTest {
  static final Instant NOW = Instant.parse("2026-12-01T12:00:00Z");

  static UserTask task(Instant dueAt, TaskState state) {
    return new UserTask(1, 2, 3, "authorization", "Review", "Review access", 4, "5", "subject", "developer",
        List.of("admins"), List.of(), null, null, dueAt, state, NOW.minusSeconds(3600), null, null, null, 0, null, 50,
        null, null, List.of());
  }

  @Test
  void onlyOpenTasksPastTheirDueDateAreOverdue() {
    TaskQueries.TaskPage page = new TaskQueries.TaskPage(List.of(), 0, false, NOW, java.util.Map.of());
    assertThat(page.overdue(task(NOW.minusSeconds(1), TaskState.OPEN))).isTrue();
    assertThat(page.overdue(task(NOW.minusSeconds(1), TaskState.CLAIMED))).isTrue();
    assertThat(page.overdue(task(NOW.plusSeconds(1), TaskState.OPEN))).isFalse();
    assertThat(page.overdue(task(null, TaskState.OPEN))).isFalse();
    assertThat(page.overdue(task(NOW.minusSeconds(1), TaskState.COMPLETED))).isFalse();
    assertThat(page.overdue(task(NOW.minusSeconds(1), TaskState.CANCELED))).isFalse();
  }
}
