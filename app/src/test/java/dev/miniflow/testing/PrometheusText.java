package dev.miniflow.testing;

import java.util.Arrays;

/** Reads counters out of a Prometheus text exposition ({@code /actuator/prometheus}). */
public final class PrometheusText {
  private PrometheusText() {}

  /**
   * The sum of a metric over the series that carry all these labels ({@code type="release.roll-out"}),
   * 0 if there is none.
   */
  public static double sum(String exposition, String name, String... labels) {
    return exposition.lines()
        .filter(l -> l.startsWith(name + "{") || l.startsWith(name + " "))
        .filter(l -> Arrays.stream(labels).allMatch(label -> labelsOf(l).contains(label)))
        .mapToDouble(l -> Double.parseDouble(l.substring(l.lastIndexOf(' ') + 1)))
        .sum();
  }

  private static String labelsOf(String line) {
    int open = line.indexOf('{');
    return open < 0 ? "" : line.substring(open, line.lastIndexOf('}') + 1);
  }
}
