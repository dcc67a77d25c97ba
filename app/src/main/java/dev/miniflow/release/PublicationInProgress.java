package dev.miniflow.release;

import java.time.Duration;

/**
 * Another delivery of the same rollout job holds the release's publication claim: this one asks
 * nothing and is tried again after a pause, when the release is live or the claim has lapsed.
 */
class PublicationInProgress extends RuntimeException {
  static final Duration PAUSE = Duration.ofSeconds(5);

  PublicationInProgress(long releaseId) {
    super("Release " + releaseId + " is being published by another delivery of this step; it is tried again later");
  }
}
