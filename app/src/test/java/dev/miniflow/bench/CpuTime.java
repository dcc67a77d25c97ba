package dev.miniflow.bench;

import java.io.IOException;
import java.lang.management.ManagementFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * CPU time spent so far by this JVM and by the machine's PostgreSQL processes (the embedded
 * database's backends): what a release costs in CPU on each side, the figure that explains a
 * throughput ratio on a machine whose cores are all busy.
 */
record CpuTime(long jvmNanos, long postgresNanos) {
  /** Linux's clock ticks per second for /proc/[pid]/stat (USER_HZ). */
  private static final long TICKS = 100;

  static CpuTime now() {
    var os = (com.sun.management.OperatingSystemMXBean) ManagementFactory.getOperatingSystemMXBean();
    return new CpuTime(os.getProcessCpuTime(), postgres());
  }

  CpuTime since(CpuTime start) {
    return new CpuTime(jvmNanos - start.jvmNanos, postgresNanos - start.postgresNanos);
  }

  String perRelease(int releases) {
    return String.format("%.0f ms in the JVM + %.0f ms in PostgreSQL", jvmNanos / 1e6 / releases,
        postgresNanos / 1e6 / releases);
  }

  private static long postgres() {
    long ticks = 0;
    try (Stream<Path> processes = Files.list(Path.of("/proc"))) {
      for (Path process : (Iterable<Path>) processes::iterator) {
        if (!process.getFileName().toString().chars().allMatch(Character::isDigit)) {
          continue;
        }
        try {
          String stat = Files.readString(process.resolve("stat"));
          int end = stat.lastIndexOf(')');
          if (!stat.substring(stat.indexOf('(') + 1, end).startsWith("postgres")) {
            continue;
          }
          String[] fields = stat.substring(end + 2).split(" ");
          ticks += Long.parseLong(fields[11]) + Long.parseLong(fields[12]); // utime, stime
        } catch (IOException | RuntimeException gone) {
          // the process ended meanwhile
        }
      }
    } catch (IOException e) {
      return 0;
    }
    return ticks * 1_000_000_000L / TICKS;
  }
}
