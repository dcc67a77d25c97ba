package dev.miniflow;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** The app reads the time only from its injected Clock, so tests and timers agree on "now". */
class TimeFromTheClockTest {
  static final Pattern SYSTEM_TIME = Pattern.compile(
      "\\b(Instant|LocalDate|LocalDateTime|OffsetDateTime|ZonedDateTime)\\.now\\(\\)|System\\.currentTimeMillis\\(\\)|new Date\\(\\)");

  @Test
  void noMainClassReadsTheSystemTimeItself() throws IOException {
    List<String> found;
    try (Stream<Path> files = Files.walk(Path.of("src", "main", "java"))) {
      found = files.filter(f -> f.toString().endsWith(".java")).flatMap(f -> {
        try {
          List<String> lines = Files.readAllLines(f);
          return java.util.stream.IntStream.range(0, lines.size())
              .filter(i -> SYSTEM_TIME.matcher(lines.get(i)).find())
              .mapToObj(i -> f + ":" + (i + 1) + ": " + lines.get(i).strip());
        } catch (IOException e) {
          throw new java.io.UncheckedIOException(e);
        }
      }).toList();
    }
    assertThat(found).as("system time read past the Clock").isEmpty();
  }
}
