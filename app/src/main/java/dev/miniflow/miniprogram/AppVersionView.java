package dev.miniflow.miniprogram;

import java.time.Instant;

/**
 * A version as the API answers with it: never where its package is stored (a file name or a
 * large object's id), and its own type, so the app_version table can change without clients seeing it.
 */
record AppVersionView(
    Long id,
    Long miniProgramId,
    String version,
    long packageBytes,
    String sha256,
    String report,
    String uploadedBy,
    Instant uploadedAt) {

  static AppVersionView of(AppVersion v) {
    return new AppVersionView(v.id(), v.miniProgramId(), v.version(), v.packageBytes(), v.sha256(), v.report(),
        v.uploadedBy(), v.uploadedAt());
  }
}
