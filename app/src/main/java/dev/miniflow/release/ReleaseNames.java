package dev.miniflow.release;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * What a release is called in messages and on its review task, read in one query: the steps that
 * only name a release (notifications, the review task) used to read the version, the mini program
 * and the target app as three entities for four strings.
 */
@Component
class ReleaseNames {
  /** The names of one release's parts; {@code uploadedBy} may be null, as its column allows. */
  record Names(String miniProgram, String version, String uploadedBy, String targetApp) {
    /** As {@link Release#subject}: "Coffee 1.2.0 → Super App (PRODUCTION)". */
    String subject(Release release) {
      return miniProgram + " " + version + " → " + targetApp + " (" + release.environment() + ")"
          + (release.rollbackOf() == null ? "" : " rollback");
    }

    /** As the notifications name it: "Coffee 1.2.0 in Super App (PRODUCTION)". */
    String what(Release release) {
      return miniProgram + " " + version + " in " + targetApp + " (" + release.environment() + ")";
    }
  }

  private final JdbcClient jdbc;

  ReleaseNames(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  Names of(Release release) {
    return jdbc.sql("""
            select p.name as mini_program, v.version, v.uploaded_by, t.name as target_app
              from app_version v, mini_program p, target_app t
             where v.id = :versionId and p.id = :miniProgramId and t.id = :targetAppId""")
        .param("versionId", release.versionId())
        .param("miniProgramId", release.miniProgramId())
        .param("targetAppId", release.targetAppId())
        .query((rs, row) -> new Names(rs.getString("mini_program"), rs.getString("version"),
            rs.getString("uploaded_by"), rs.getString("target_app")))
        .optional()
        .orElseThrow(() -> new IllegalStateException("Release " + release.id() + " names a missing version,"
            + " mini program or target app"));
  }
}
