package dev.miniflow.engine.embedded;

import io.camunda.zeebe.logstreams.log.LogStreamReader;
import io.camunda.zeebe.logstreams.log.LoggedEvent;
import io.camunda.zeebe.process.test.api.RecordStreamSource;
import io.camunda.zeebe.protocol.impl.record.CopiedRecord;
import io.camunda.zeebe.protocol.impl.record.RecordMetadata;
import io.camunda.zeebe.protocol.impl.record.UnifiedRecordValue;
import io.camunda.zeebe.protocol.record.Record;
import java.util.AbstractList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * The in-process engine's log as records, for the monitor's feed (and tests). It takes the place
 * of the engine's own record stream, which builds an instance of every record type for each record
 * it maps (a seventh of the app's CPU in the benchmark's pipeline) and hands out the list it keeps
 * appending to. Here each record is mapped once, into a value of its own type, and kept in an
 * append-only list: what {@link #getRecords} returns is the log as it was then, safe to read on
 * any thread while the engine writes on.
 */
final class EngineRecordLog implements RecordStreamSource {
  private static final int CHUNK = 1 << 14;

  private final LogStreamReader reader;
  private final int partitionId;
  /** Chunks are never moved once made; only the outer array is copied when it is full. */
  private volatile Record<?>[][] chunks = new Record<?>[16][];
  /** Written after the slot it counts: a reader that saw this size sees every record below it. */
  private volatile int size;
  private long lastPosition = -1;

  EngineRecordLog(LogStreamReader reader, int partitionId) {
    this.reader = reader;
    this.partitionId = partitionId;
  }

  @Override
  public Iterable<Record<?>> getRecords() {
    return records();
  }

  /** The records written so far, in log order. */
  List<Record<?>> records() {
    synchronized (this) {
      readNew();
    }
    return prefix(size);
  }

  private void readNew() {
    if (lastPosition < 0) {
      reader.seekToFirstEvent();
    } else {
      reader.seekToNextEvent(lastPosition);
    }
    while (reader.hasNext()) {
      LoggedEvent event = reader.next();
      append(map(event));
      lastPosition = event.getPosition();
    }
  }

  private Record<?> map(LoggedEvent event) {
    RecordMetadata metadata = new RecordMetadata();
    event.readMetadata(metadata);
    UnifiedRecordValue value;
    try {
      value = UnifiedRecordValue.fromValueType(metadata.getValueType());
    } catch (RuntimeException unknown) {
      value = null;
    }
    if (value == null) { // a type this version's switch does not know: the engine's own way
      value = UnifiedRecordValue.allRecordsMap().get(metadata.getValueType());
    }
    event.readValue(value);
    return new CopiedRecord<>(value, metadata, event.getKey(), partitionId, event.getPosition(),
        event.getSourceEventPosition(), event.getTimestamp());
  }

  private void append(Record<?> record) {
    int index = size;
    Record<?>[][] outer = chunks;
    int chunk = index / CHUNK;
    if (chunk == outer.length) {
      outer = Arrays.copyOf(outer, outer.length * 2);
      chunks = outer;
    }
    if (outer[chunk] == null) {
      outer[chunk] = new Record<?>[CHUNK];
    }
    outer[chunk][index % CHUNK] = record;
    size = index + 1;
  }

  private List<Record<?>> prefix(int length) {
    return new AbstractList<>() {
      @Override
      public Record<?> get(int index) {
        Objects.checkIndex(index, length);
        return chunks[index / CHUNK][index % CHUNK];
      }

      @Override
      public int size() {
        return length;
      }
    };
  }
}
