package dev.miniflow.engine;

import org.springframework.modulith.NamedInterface;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

/**
 * The embedded engine keeps its whole log in memory and never gives it back while Miniflow runs.
 * Its size is a metric, and past {@code miniflow.embedded.log-warning-records} (by default: when it
 * holds about half the maximum heap) admins are warned (the monitor, the log) before the heap runs
 * out; a restart empties it.
 */
@Component
@NamedInterface("api")
public class EngineLogWatch {
  private static final Logger log = LoggerFactory.getLogger(EngineLogWatch.class);
  private final long warnAt;
  private final AtomicLong records = new AtomicLong();
  private final AtomicBoolean warned = new AtomicBoolean();

  /**
   * Heap that one record of the embedded engine's log keeps, measured by the benchmark
   * (`MiniflowBenchmark`, row "Embedded engine log": 4,295 bytes on 2026-12-01), with room to spare.
   */
  static final long BYTES_PER_RECORD = 4_500;
  /** By default admins are warned when the log holds about half the heap. */
  static final double HEAP_SHARE = 0.5;

  /** Warns at {@link EmbeddedSettings#logWarningRecords}; 0: half the maximum heap's worth ({@link #defaultWarning}). */
  EngineLogWatch(MeterRegistry registry, EmbeddedSettings settings) {
    long warnAt = settings.logWarningRecords();
    this.warnAt = warnAt > 0 ? warnAt : defaultWarning(Runtime.getRuntime().maxMemory());
    Gauge.builder("miniflow.embedded.engine.log.records", records, AtomicLong::get)
        .description("Records the embedded engine holds in memory (its log is never given back while it runs)")
        .register(registry);
  }

  /** The warning size for this maximum heap: the log then holds about half of it. */
  static long defaultWarning(long maxHeapBytes) {
    return Math.max(1, (long) (maxHeapBytes * HEAP_SHARE / BYTES_PER_RECORD));
  }

  /** The engine's log now holds this many records. */
  public void seen(long size) {
    records.set(size);
    if (size >= warnAt && warned.compareAndSet(false, true)) {
      log.warn(warning().orElseThrow());
    }
  }

  /** What admins are told once the log has grown past the warning size. */
  public Optional<String> warning() {
    long size = records.get();
    return size < warnAt ? Optional.empty() : Optional.of("The embedded engine holds " + size + " records in memory"
        + " (warning at " + warnAt + "), and gives none back while Miniflow runs. Restart Miniflow before the heap"
        + " runs out (processes in flight go on at their recorded step), or move to the external profile.");
  }
}
