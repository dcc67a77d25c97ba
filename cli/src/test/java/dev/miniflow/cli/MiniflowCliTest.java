package dev.miniflow.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

/** What a CI job sees before any call is made: usage, missing settings, durations, an unreachable Miniflow. */
class MiniflowCliTest {
  record Run(int exit, String out, String err) {}

  static Run run(String... args) {
    var out = new StringWriter();
    var err = new StringWriter();
    int exit = MiniflowCli.run(new PrintWriter(out, true), new PrintWriter(err, true), args);
    return new Run(exit, out.toString(), err.toString());
  }

  @Test
  void helpListsTheCommandsAndTheExitCodes() {
    Run help = run("--help");
    assertThat(help.exit()).isZero();
    assertThat(help.out()).contains("upload", "release", "wait", "3   a release was rejected", "4   time-out");
  }

  @Test
  void withoutAUrlOrATokenNothingIsCalled() {
    Run noUrl = run("--token", "mfp_x", "wait", "--release", "1");
    assertThat(noUrl.exit()).isEqualTo(2);
    assertThat(noUrl.err()).contains("MINIFLOW_URL");
    Run noToken = run("--url", "http://localhost:1", "--token", " ", "wait", "--release", "1");
    assertThat(noToken.exit()).isEqualTo(2);
    assertThat(noToken.err()).contains("MINIFLOW_TOKEN");
  }

  @Test
  void anUnreachableMiniflowIsReportedNotThrown() {
    // port 1 on loopback: nothing listens there
    Run down = run("--url", "http://127.0.0.1:1", "--token", "mfp_x", "wait", "--release", "1");
    assertThat(down.exit()).isEqualTo(1);
    assertThat(down.err()).startsWith("error: Miniflow at http://127.0.0.1:1/ could not be reached");
  }

  @Test
  void durationsAreShortOrIsoAndPositive() {
    var convert = new DurationConverter();
    assertThat(convert.convert("90s")).isEqualTo(Duration.ofSeconds(90));
    assertThat(convert.convert("2h")).isEqualTo(Duration.ofHours(2));
    assertThat(convert.convert("PT45M")).isEqualTo(Duration.ofMinutes(45));
    assertThatThrownBy(() -> convert.convert("soon")).isInstanceOf(TypeConversionException.class)
        .hasMessageContaining("no duration");
    assertThatThrownBy(() -> convert.convert("0s")).isInstanceOf(TypeConversionException.class);
    Run bad = run("--url", "http://localhost:1", "--token", "t", "wait", "--release", "1", "--timeout", "soon");
    assertThat(bad.exit()).isEqualTo(2);
    assertThat(bad.err()).contains("no duration");
  }
}
