package dev.miniflow.processes;

import io.camunda.zeebe.db.AccessMetricsConfiguration;
import io.camunda.zeebe.db.ConsistencyChecksSettings;
import io.camunda.zeebe.db.ZeebeDb;
import io.camunda.zeebe.db.impl.rocksdb.RocksDbConfiguration;
import io.camunda.zeebe.db.impl.rocksdb.ZeebeRocksDbFactory;
import io.camunda.zeebe.db.impl.rocksdb.transaction.ZeebeTransactionDb;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.camunda.zeebe.protocol.ZbColumnFamilies;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import java.lang.reflect.Field;
import java.nio.file.Path;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.util.FileSystemUtils;

/**
 * The in-process Zeebe engine of the embedded default. Out of the box it keeps its state in a
 * map that is copied whole for every range read (each step then costs as much as all live
 * instances together) and that its background actors read while the processor writes it
 * (ConcurrentModificationException). Before the engine starts, that store is swapped for the
 * RocksDB store the real broker uses, in a scratch directory: the engine's log is in memory, so
 * its state is only good for this run.
 */
public final class EmbeddedEngine {
  private static final Logger log = LoggerFactory.getLogger(EmbeddedEngine.class);
  private static final long MEMORY_LIMIT = 64L * 1024 * 1024;

  private EmbeddedEngine() {}

  /** A new engine, not started, with its state in {@code stateDir} (emptied first); {@code stop()} closes it. */
  public static ZeebeTestEngine create(Path stateDir) {
    ZeebeTestEngine engine = EngineFactory.create();
    EngineLogGuard.harden(engine);
    try {
      FileSystemUtils.deleteRecursively(stateDir);
      useRocksDb(engine, stateDir);
    } catch (Exception | LinkageError e) { // LinkageError: RocksDB's native library cannot load here
      // the engine still works on its own store, only slower under a large backlog
      log.warn("Could not give the embedded engine a RocksDB state store in {} ({}); it keeps its in-memory store",
          stateDir, e.toString());
    }
    return engine;
  }

  private static void useRocksDb(ZeebeTestEngine engine, Path dir) throws Exception {
    Object processor = read(engine, "streamProcessor");
    ZeebeDb<?> inMemory = (ZeebeDb<?>) read(engine, "database");
    read(processor, "zeebeDb"); // both fields are there before anything is opened
    ZeebeDb<ZbColumnFamilies> rocksDb = new ZeebeRocksDbFactory<ZbColumnFamilies>(
        new RocksDbConfiguration().setMemoryLimit(MEMORY_LIMIT),
        new ConsistencyChecksSettings(false, false),
        new AccessMetricsConfiguration(AccessMetricsConfiguration.Kind.NONE, 1),
        SimpleMeterRegistry::new).createDb(dir.toFile());
    // all or nothing: on failure the engine goes on with the store it was built with
    boolean swapped = false;
    try {
      write(processor, "zeebeDb", rocksDb);
      try {
        write(engine, "database", rocksDb);
      } catch (ReflectiveOperationException | RuntimeException e) {
        write(processor, "zeebeDb", inMemory);
        throw e;
      }
      swapped = true;
    } finally {
      if (!swapped) {
        rocksDb.close();
      }
    }
    inMemory.close();
  }

  /** Whether the engine runs on RocksDB (else the swap failed and it kept its in-memory store). */
  public static boolean onRocksDb(ZeebeTestEngine engine) {
    try {
      return read(engine, "database") instanceof ZeebeTransactionDb<?>
          && read(read(engine, "streamProcessor"), "zeebeDb") instanceof ZeebeTransactionDb<?>;
    } catch (ReflectiveOperationException e) {
      return false;
    }
  }

  /** A private field of the engine's internals (they offer no other way in). */
  static Object read(Object owner, String name) throws ReflectiveOperationException {
    Field field = owner.getClass().getDeclaredField(name);
    field.setAccessible(true);
    return field.get(owner);
  }

  static void write(Object owner, String name, Object value) throws ReflectiveOperationException {
    Field field = owner.getClass().getDeclaredField(name);
    field.setAccessible(true);
    field.set(owner, value);
  }
}
