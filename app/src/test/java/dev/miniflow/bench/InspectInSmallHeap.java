package dev.miniflow.bench;

import dev.miniflow.miniprogram.PackageInspector;
import dev.miniflow.miniprogram.PackageLimits;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.file.Path;

/** Run in its own JVM with a small heap: validates one large package under the app's default limits and prints the peak heap used. */
public final class InspectInSmallHeap {
  private InspectInSmallHeap() {}

  public static void main(String[] args) {
    var report = new PackageInspector(PackageLimits.defaults()).inspect(Path.of(args[0]));
    long peak = 0;
    for (MemoryPoolMXBean pool : ManagementFactory.getMemoryPoolMXBeans()) {
      if (pool.getType() == MemoryType.HEAP) {
        peak += pool.getPeakUsage().getUsed();
      }
    }
    System.out.println("OK " + report.totalBytes() + " " + peak);
  }
}
