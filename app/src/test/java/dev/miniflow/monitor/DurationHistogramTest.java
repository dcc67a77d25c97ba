package dev.miniflow.monitor;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** Percentiles read off the projection's histograms agree with sorting every duration. */
class DurationHistogramTest {

  @Test
  void equalDurationsComeBackExactlyAndNeighboursAreInterpolatedAsPercentileContDoes() {
    DurationHistogram histogram = new DurationHistogram();
    histogram.add(1, 500); // 0.5 s
    histogram.add(1, 7_200_000); // 2 h
    histogram.add(1, 14_400_000); // 4 h
    assertThat(histogram.count()).isEqualTo(3);
    assertThat(histogram.percentileSeconds(0.5)).isEqualTo(7200.0);
    assertThat(histogram.percentileSeconds(0.9)).isCloseTo(3.6 * 3600, within(1e-6));
    assertThat(new DurationHistogram().percentileSeconds(0.5)).isZero();
  }

  @Test
  void manyDurationsInTheSameBucketsAsTheProjectionCutsAreWithinTwoPercentOfTheSortedFigure() {
    Random random = new Random(21);
    long[] durations = new long[20_000];
    TreeMap<Integer, long[]> buckets = new TreeMap<>();
    for (int i = 0; i < durations.length; i++) {
      durations[i] = (long) Math.exp(random.nextDouble(4, 16)); // 55 ms to 2.5 h, spread over decades
      int bucket = (int) Math.floor(16 * Math.log(durations[i] + 1) / Math.log(2)); // as migration 019
      long[] b = buckets.computeIfAbsent(bucket, k -> new long[2]);
      b[0]++;
      b[1] += durations[i];
    }
    DurationHistogram histogram = new DurationHistogram();
    buckets.values().forEach(b -> histogram.add(b[0], b[1]));
    java.util.Arrays.sort(durations);
    for (double p : new double[] {0.5, 0.9, 0.99}) {
      double rank = p * (durations.length - 1);
      double exact = durations[(int) rank] + (rank % 1) * (durations[(int) rank + 1] - durations[(int) rank]);
      assertThat(histogram.percentileSeconds(p) * 1000).isCloseTo(exact, within(exact * 0.022));
    }
  }
}
