package dev.miniflow.cli;

import java.time.Duration;
import java.util.Locale;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.TypeConversionException;

/** "90s", "30m", "2h" or ISO-8601 ("PT45M"); always positive. */
final class DurationConverter implements ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String text = value.strip().toUpperCase(Locale.ROOT);
    Duration duration;
    try {
      duration = text.startsWith("P") ? Duration.parse(text) : Duration.parse("PT" + text);
    } catch (RuntimeException e) {
      throw new TypeConversionException("'" + value + "' is no duration: write e.g. 90s, 30m, 2h or PT45M");
    }
    if (duration.isNegative() || duration.isZero()) {
      throw new TypeConversionException("'" + value + "' must be longer than zero");
    }
    return duration;
  }
}
