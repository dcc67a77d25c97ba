package dev.miniflow.release;

import dev.miniflow.support.AuditTrail;
import dev.miniflow.support.Problems;
import dev.miniflow.support.Text;
import dev.miniflow.tasklist.TaskIntake;
import dev.miniflow.workspace.WorkspaceAccess;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Service;
import org.springframework.transaction.annotation.Transactional;

/**
 * A requester asks for an urgent review of their release, with a reason: its review task moves up
 * the queues and is due sooner. Each workspace has a monthly quota ({@link ExpediteSettings}), shown
 * before asking; once it is used, asking is refused until the next month.
 */
@Service
class ExpeditedReviews {
  /** An expedited review comes before the usual ones (50), after escalated ones (90). */
  static final int PRIORITY = 80;

  private final ReleaseRepository releases;
  private final WorkspaceAccess access;
  private final TaskIntake tasks;
  private final AuditTrail audit;
  private final ExpediteSettings settings;
  private final JdbcClient jdbc;
  private final Clock clock;

  ExpeditedReviews(ReleaseRepository releases, WorkspaceAccess access, TaskIntake tasks, AuditTrail audit,
      ExpediteSettings settings, JdbcClient jdbc, Clock clock) {
    this.releases = releases;
    this.access = access;
    this.tasks = tasks;
    this.audit = audit;
    this.settings = settings;
    this.jdbc = jdbc;
    this.clock = clock;
  }

  /** The workspace's quota this month: how many it has, how many are used, when it starts again. */
  record Quota(int perMonth, int used, int remaining, Instant resetsAt) {}

  record Expedited(long releaseId, String requestedBy, String reason, Instant requestedAt, Quota quota) {}

  Quota quota(long workspaceId) {
    access.requireMember(workspaceId, "Workspace " + workspaceId);
    return quotaOf(workspaceId);
  }

  Optional<Expedited> of(long releaseId) {
    return jdbc.sql("select * from release_expedite where release_id = :r").param("r", releaseId)
        .query((rs, n) -> new Expedited(rs.getLong("release_id"), rs.getString("requested_by"), rs.getString("reason"),
            rs.getTimestamp("requested_at").toInstant(), null))
        .optional();
  }

  @Transactional
  Expedited expedite(long releaseId, String reason) {
    Release release = releases.findById(releaseId).orElseThrow(() -> Problems.notFound("Release " + releaseId));
    String user = access.require(release.workspaceId(), "Release " + releaseId);
    if (!user.equals(release.requestedBy())) {
      throw Problems.forbidden("Only " + release.requestedBy() + ", who asked for this release, can ask for an"
          + " urgent review.");
    }
    if (release.status() != ReleaseStatus.CREATED && release.status() != ReleaseStatus.UNDER_REVIEW) {
      throw Problems.conflict("Only a release waiting for its review can be expedited; this one is "
          + release.status() + ".");
    }
    String why = Text.prose(reason, "reason", 500);
    if (why.length() < 10) {
      throw Problems.invalid("Say in a sentence why this review is urgent (at least 10 characters).");
    }
    // one quota count at a time per workspace
    jdbc.sql("select id from workspace where id = :ws for update").param("ws", release.workspaceId())
        .query(Long.class).single();
    if (of(releaseId).isPresent()) {
      throw Problems.conflict("An urgent review of this release was already asked for.");
    }
    Quota quota = quotaOf(release.workspaceId());
    if (quota.remaining() <= 0) {
      throw Problems.conflict("This workspace has used its " + quota.perMonth() + " urgent reviews of this month;"
          + " the next one is possible from " + quota.resetsAt() + ".");
    }
    Instant now = clock.instant();
    jdbc.sql("""
            insert into release_expedite(release_id, workspace_id, requested_by, reason, requested_at)
            values (:r, :ws, :u, :why, :at)""")
        .param("r", releaseId).param("ws", release.workspaceId()).param("u", user).param("why", why)
        .param("at", Timestamp.from(now)).update();
    audit.record(user, ReleaseAudit.EXPEDITED, releaseId, release.workspaceId(), why);
    tasks.hurry(ReleaseProcess.PROCESS_ID, String.valueOf(releaseId), PRIORITY, now.plus(settings.reviewWithin()));
    return new Expedited(releaseId, user, why, now, quotaOf(release.workspaceId()));
  }

  /** When an expedited release's review is due, if it was expedited. */
  Optional<Instant> dueBy(long releaseId) {
    return of(releaseId).map(e -> e.requestedAt().plus(settings.reviewWithin()));
  }

  private Quota quotaOf(long workspaceId) {
    LocalDate month = LocalDate.ofInstant(clock.instant(), ZoneOffset.UTC).withDayOfMonth(1);
    Instant from = month.atStartOfDay(ZoneOffset.UTC).toInstant();
    Instant next = month.plusMonths(1).atStartOfDay(ZoneOffset.UTC).toInstant();
    int used = jdbc.sql("""
            select count(*) from release_expedite where workspace_id = :ws and requested_at >= :from
              and requested_at < :to""")
        .param("ws", workspaceId).param("from", Timestamp.from(from)).param("to", Timestamp.from(next))
        .query(Integer.class).single();
    return new Quota(settings.perMonth(), used, Math.max(0, settings.perMonth() - used), next);
  }
}
