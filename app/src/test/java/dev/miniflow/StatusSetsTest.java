package dev.miniflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Field;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * The status sets some queries write as SQL literals (so the planner can use the partial indexes
 * with the same predicate) are the enums' own sets (no Spring).
 */
class StatusSetsTest {
  @ParameterizedTest
  @CsvSource({"dev.miniflow.tasklist.TaskState, UNFINISHED", "dev.miniflow.authorization.GrantStatus, IN_FLIGHT",
      "dev.miniflow.release.ReleaseStatus, WENT_LIVE"})
  void eachSqlListIsItsEnumsSet(Class<? extends Enum<?>> type, String set) throws Exception {
    Field statuses = type.getDeclaredField(set);
    Field sql = type.getDeclaredField(set + "_SQL");
    statuses.setAccessible(true);
    sql.setAccessible(true);
    Set<String> names =
        ((Set<?>) statuses.get(null)).stream().map(s -> ((Enum<?>) s).name()).collect(Collectors.toSet());
    String list = (String) sql.get(null);
    assertThat(list).startsWith("(").endsWith(")");
    Set<String> listed = Set.of(list.substring(1, list.length() - 1).split(",\\s*")).stream()
        .map(s -> s.replace("'", "")).collect(Collectors.toSet());
    assertThat(listed).as(type.getSimpleName() + "." + set + "_SQL").isEqualTo(names);
  }
}
