package dev.miniflow.tasklist;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import dev.miniflow.support.DomainException;

/** The review form's server-side checks on the shipped form file: no Spring, no database, no engine. */
class TaskFormTest {
  static final TaskForm REVIEW = form("release-review.form");

  @Test
  void theShippedReviewFormHasItsTwoFields() {
    assertThat(REVIEW.id()).isEqualTo("release-review");
    assertThat(REVIEW.fields()).extracting(TaskForm.Field::key).containsExactly("decision", "comment");
    assertThat(REVIEW.fields().getFirst().required()).isTrue();
    assertThat(REVIEW.fields().get(1).maxLength()).isEqualTo(2000);
  }

  @Test
  void aGoodDecisionComesBackTrimmed() {
    assertThat(REVIEW.check(Map.of("decision", " approve ", "comment", "  Fine.  ")))
        .containsExactly(Map.entry("decision", "approve"), Map.entry("comment", "Fine."));
    assertThat(REVIEW.check(Map.of("decision", "reject"))).containsOnlyKeys("decision");
  }

  @Test
  void badSubmissionsAreRefusedWithTheFieldNamed() {
    assertRefused(Map.of(), "'Decision' is required.");
    assertRefused(Map.of("decision", "maybe"), "'Decision' must be one of [approve, reject].");
    assertRefused(Map.of("decision", "approve", "comment", "x".repeat(2001)), "must be at most 2000 characters");
    // nothing beyond the form: a client cannot set the variables Miniflow keys its processes by
    assertRefused(Map.of("decision", "approve", "releaseIds", "[1]"),
        "'releaseIds' is not a field of this task's form.");
  }

  private static void assertRefused(Map<String, ?> submitted, String detail) {
    assertThatThrownBy(() -> REVIEW.check(submitted)).isInstanceOf(DomainException.class)
        .satisfies(e -> assertThat(((DomainException) e).detail()).contains(detail));
  }

  private static TaskForm form(String file) {
    try {
      return TaskForm.parse(Files.readString(Path.of("..", "forms", file)), new ObjectMapper());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
  }
}
