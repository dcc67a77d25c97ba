package dev.miniflow.engine;

import static org.assertj.core.api.Assertions.assertThat;

import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import org.junit.jupiter.api.Test;

/** The embedded engine's log: its size is a metric, and admins are warned once it passes the warning size. */
class EngineLogWatchTest {
  @Test
  void belowTheWarningSizeNothingIsSaidFromItTheAdminIsWarnedAndTheMetricFollows() {
    SimpleMeterRegistry registry = new SimpleMeterRegistry();
    EngineLogWatch watch = new EngineLogWatch(registry, new EmbeddedSettings(true, 1_000));
    watch.seen(999);
    assertThat(watch.warning()).isEmpty();
    assertThat(registry.get("miniflow.embedded.engine.log.records").gauge().value()).isEqualTo(999);
    watch.seen(1_000);
    assertThat(watch.warning()).hasValueSatisfying(
        w -> assertThat(w).contains("holds 1000 records in memory (warning at 1000)").contains("Restart Miniflow"));
    assertThat(registry.get("miniflow.embedded.engine.log.records").gauge().value()).isEqualTo(1_000);
  }

  @Test
  void byDefaultTheWarningComesWhenTheLogHoldsAboutHalfTheHeap() {
    long heap = 1024L * 1024 * 1024;
    long warnAt = EngineLogWatch.defaultWarning(heap);
    assertThat(warnAt * EngineLogWatch.BYTES_PER_RECORD).isBetween(heap * 45 / 100, heap / 2);
    assertThat(new EngineLogWatch(new SimpleMeterRegistry(), new EmbeddedSettings(true, 0)).warning()).isEmpty();
    EngineLogWatch watch = new EngineLogWatch(new SimpleMeterRegistry(), new EmbeddedSettings(true, 0));
    watch.seen(EngineLogWatch.defaultWarning(Runtime.getRuntime().maxMemory()));
    assertThat(watch.warning()).isPresent();
  }
}
