package dev.miniflow.release;

import org.springframework.modulith.NamedInterface;
import dev.miniflow.support.Problems;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.regex.Pattern;

/** Pilot testers' ids, as pilots and preview codes take them. */
@NamedInterface("api")
public final class Testers {
  static final int MAX_TESTERS = 100;
  private static final Pattern TESTER_ID = Pattern.compile("[A-Za-z0-9_.@+\\-]{1,64}");

  private Testers() {}

  /** 1 to 100 distinct valid ids, in the order given; otherwise a problem naming the first bad one. */
  public static List<String> whitelist(List<String> testers) {
    List<String> distinct = new ArrayList<>(new LinkedHashSet<>(testers == null ? List.of() : testers));
    if (distinct.isEmpty() || distinct.size() > MAX_TESTERS) {
      throw Problems.invalid("A pilot needs 1 to " + MAX_TESTERS + " tester ids.");
    }
    for (String tester : distinct) {
      if (tester == null || !TESTER_ID.matcher(tester).matches()) {
        throw Problems.invalid("Tester ids are 1 to 64 letters, digits or . _ @ + - ('" + tester + "' is not).");
      }
    }
    return distinct;
  }
}
