package dev.miniflow.release;

import dev.miniflow.partner.RolloutStage;
import java.util.List;
import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The idempotency key of a publication to a partner: release-<id>-<target app code>-<stage>, with
 * the grayscale percentage or a hash of the pilot's testers, so a changed step is a new key and a
 * repeated one the same. Partners name it in their callbacks.
 */
final class PublicationKey {
  private static final Pattern KEY = Pattern.compile("release-(\\d{1,18})-.+");

  private PublicationKey() {}

  static String of(long releaseId, String targetAppCode, RolloutStage stage, Integer percent, List<String> testers) {
    return "release-" + releaseId + "-" + targetAppCode + "-" + stage + (percent == null ? "" : "-" + percent)
        + (stage == RolloutStage.PILOT ? "-" + Integer.toHexString(testers.hashCode()) : "");
  }

  /**
   * Publishing an earlier release (or taking it offline) again after {@code revertedId} was
   * reverted: a key of its own, since the partner applied the earlier one's key long ago.
   */
  static String restoring(long releaseId, String targetAppCode, RolloutStage stage, long revertedId) {
    return of(releaseId, targetAppCode, stage, null, null) + "-after-" + revertedId;
  }

  /** The release a key names, if it is one of ours. */
  static Optional<Long> releaseOf(String key) {
    Matcher matcher = KEY.matcher(key == null ? "" : key);
    return matcher.matches() ? Optional.of(Long.parseLong(matcher.group(1))) : Optional.empty();
  }
}
