package dev.miniflow.support;

import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.springframework.modulith.NamedInterface;

/**
 * Enum values as API callers write them: lower-case names ("upload", "release"); an unknown one
 * is a 400 naming the values there are.
 */
@NamedInterface("api")
public final class EnumCodes {
  private EnumCodes() {}

  public static String code(Enum<?> value) {
    return value.name().toLowerCase(Locale.ROOT);
  }

  /** @param what how the value is named in the answer, e.g. "scope" */
  public static <E extends Enum<E>> E of(Class<E> type, String code, String what) {
    String wanted = code == null ? "" : code.strip();
    return Arrays.stream(type.getEnumConstants()).filter(value -> code(value).equals(wanted)).findFirst()
        .orElseThrow(() -> Problems.invalid("Unknown " + what + " '" + code + "': use any of " + codes(type) + "."));
  }

  /** At least one value, each at most once in effect; more codes than values are refused before any is read. */
  public static <E extends Enum<E>> Set<E> setOf(Class<E> type, List<String> codes, String what) {
    int values = type.getEnumConstants().length;
    if (codes == null || codes.isEmpty()) {
      throw Problems.invalid("Choose at least one " + what + ": " + codes(type) + ".");
    }
    if (codes.size() > values) {
      throw Problems.invalid("Name at most " + values + " of " + codes(type) + ".");
    }
    Set<E> set = EnumSet.noneOf(type);
    codes.forEach(code -> set.add(of(type, code, what)));
    return set;
  }

  private static List<String> codes(Class<? extends Enum<?>> type) {
    return Arrays.stream(type.getEnumConstants()).map(EnumCodes::code).toList();
  }
}
