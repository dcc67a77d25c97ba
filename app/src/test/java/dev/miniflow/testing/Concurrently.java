package dev.miniflow.testing;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.Function;

/** Many users (or requests) at once. */
public final class Concurrently {
  private Concurrently() {}

  /** Runs {@code step(0 … n-1)} on {@code threads} threads; the results in order, the first failure thrown. */
  public static <T> List<T> map(int n, int threads, Function<Integer, T> step) throws Exception {
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    try {
      List<Future<T>> futures = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        int index = i;
        futures.add(pool.submit(() -> step.apply(index)));
      }
      List<T> results = new ArrayList<>();
      for (Future<T> f : futures) {
        results.add(f.get());
      }
      return results;
    } finally {
      pool.shutdown();
    }
  }

  /**
   * As {@link #map}, but {@code step(i)} starts no earlier than {@code i × interval} after the first: a steady
   * arrival rate, as people bring work, whatever the system's answers take.
   */
  public static <T> List<T> paced(int n, int threads, java.time.Duration interval, Function<Integer, T> step)
      throws Exception {
    long start = System.nanoTime();
    return map(n, threads, i -> {
      long wait = start + i * interval.toNanos() - System.nanoTime();
      if (wait > 0) {
        java.util.concurrent.locks.LockSupport.parkNanos(wait);
      }
      return step.apply(i);
    });
  }
}
