package dev.miniflow.monitor;

import java.util.ArrayList;
import java.util.List;

/**
 * One step's durations as the projection counts them (migration 019): buckets in ascending
 * order, each with how many durations fell in it and their sum. Percentiles are read as
 * PostgreSQL's {@code percentile_cont} reads sorted values, each value standing for its
 * bucket's mean: exact when a bucket's durations are equal, within a bucket's width (4.4 %)
 * otherwise. A step's rows of several days and engine partitions are added up bucket by bucket.
 */
final class DurationHistogram {
  private final List<long[]> buckets = new ArrayList<>(); // {count, total ms}
  private long count;

  /** Adds the next bucket up. */
  void add(long completed, long totalMs) {
    if (completed > 0) {
      buckets.add(new long[] {completed, totalMs});
      count += completed;
    }
  }

  long count() {
    return count;
  }

  /** The {@code p}-th percentile (0 to 1) in seconds, interpolated between neighbouring ranks. */
  double percentileSeconds(double p) {
    if (count == 0) {
      return 0;
    }
    double rank = p * (count - 1);
    long below = (long) Math.floor(rank);
    double low = valueAt(below);
    double high = valueAt(Math.min(count - 1, below + 1));
    return (low + (rank - below) * (high - low)) / 1000;
  }

  /** The mean of the bucket holding the value of this 0-based rank. */
  private double valueAt(long rank) {
    long seen = 0;
    for (long[] bucket : buckets) {
      seen += bucket[0];
      if (rank < seen) {
        return (double) bucket[1] / bucket[0];
      }
    }
    throw new IllegalArgumentException("rank " + rank + " of " + count);
  }
}
