package dev.miniflow.engine.embedded;

import io.camunda.zeebe.db.AccessMetricsConfiguration;
import io.camunda.zeebe.db.ConsistencyChecksSettings;
import io.camunda.zeebe.db.ZeebeDb;
import io.camunda.zeebe.db.impl.rocksdb.RocksDbConfiguration;
import io.camunda.zeebe.db.impl.rocksdb.ZeebeRocksDbFactory;
import io.camunda.zeebe.db.impl.rocksdb.transaction.ZeebeTransactionDb;
import io.camunda.zeebe.logstreams.log.LogStream;
import io.camunda.zeebe.process.test.api.ZeebeTestEngine;
import io.camunda.zeebe.process.test.engine.EngineFactory;
import io.camunda.zeebe.protocol.ZbColumnFamilies;
import io.micrometer.core.instrument.simple.SimpleMeterRegistry;
import io.grpc.BindableService;
import io.grpc.Server;
import io.grpc.netty.NettyServerBuilder;
import java.lang.reflect.Field;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.List;
import java.util.concurrent.atomic.AtomicBoolean;
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
  /**
   * Whether this JVM holds an engine: its gRPC response writer keeps state in static fields, so a
   * second one would corrupt the first one's answers (a test run once did this unnoticed).
   */
  private static final AtomicBoolean held = new AtomicBoolean();

  private EmbeddedEngine() {}

  /**
   * A new engine, not started, with its state in {@code stateDir} (emptied first) and its gateway
   * on loopback only; {@link #stop} closes it. Only one at a time per JVM.
   */
  public static ZeebeTestEngine create(Path stateDir) {
    return create(stateDir, 0);
  }

  /** As {@link #create(Path)}, with the gateway on the given port (0: any free one). */
  public static ZeebeTestEngine create(Path stateDir, int port) {
    if (!held.compareAndSet(false, true)) {
      throw new IllegalStateException("Another in-process Zeebe engine already runs in this JVM;"
          + " two would corrupt each other's answers. Stop the first one before creating another");
    }
    try {
      return configure(port == 0 ? EngineFactory.create() : EngineFactory.create(port), stateDir);
    } catch (RuntimeException | Error e) {
      held.set(false);
      throw e;
    }
  }

  /** Stops the engine and lets this JVM create another. */
  public static void stop(ZeebeTestEngine engine) {
    try {
      engine.stop();
    } finally {
      held.set(false);
    }
  }

  private static ZeebeTestEngine configure(ZeebeTestEngine engine, Path stateDir) {
    EngineLogGuard.harden(engine);
    useLeanRecordLog(engine);
    listenOnLoopbackOnly(engine);
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

  /** See {@link EngineRecordLog}: swapped in before anything reads the engine's records. */
  private static void useLeanRecordLog(ZeebeTestEngine engine) {
    try {
      LogStream logStream = (LogStream) read(engine, "logStream");
      int partition = (int) read(read(engine, "recordStream"), "partitionId");
      write(engine, "recordStream", new EngineRecordLog(logStream.newLogStreamReader(), partition));
    } catch (ReflectiveOperationException | RuntimeException e) {
      log.warn("Could not give the embedded engine a lean record log ({}); it keeps its own, which costs more CPU",
          e.toString());
    }
  }

  /**
   * The engine's gRPC gateway has no authentication and would listen on every interface: anyone
   * who reached the machine could deploy, complete jobs and cancel instances. Its server is
   * replaced, before it starts, by one on the loopback address. Without that, the app does not start.
   */
  private static void listenOnLoopbackOnly(ZeebeTestEngine engine) {
    try {
      Object gateway = read(engine, "gateway");
      int port = (int) read(gateway, "port");
      Server loopback = NettyServerBuilder.forAddress(new InetSocketAddress(InetAddress.getLoopbackAddress(), port))
          .addService((BindableService) gateway).build();
      write(engine, "grpcServer", loopback);
    } catch (ReflectiveOperationException | RuntimeException e) {
      throw new IllegalStateException("Could not keep the embedded engine's gateway on loopback; not starting it", e);
    }
  }

  /** Where the engine's gateway listens: the loopback address and its port. */
  public static String gatewayAddress(ZeebeTestEngine engine) {
    try {
      return InetAddress.getLoopbackAddress().getHostAddress() + ":" + read(read(engine, "gateway"), "port");
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The addresses the engine's gateway listens on (after it started). */
  public static List<? extends SocketAddress> listenAddresses(ZeebeTestEngine engine) {
    try {
      return ((Server) read(engine, "grpcServer")).getListenSockets();
    } catch (ReflectiveOperationException e) {
      throw new IllegalStateException(e);
    }
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
