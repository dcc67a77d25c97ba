package dev.miniflow.release;

import org.springframework.modulith.NamedInterface;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Releases and rejections per target app and day, for the analytics dashboard (callers check access). */
@Component
@NamedInterface("api")
public class ReleaseStatistics {
  private final JdbcClient jdbc;

  ReleaseStatistics(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  /** @param day UTC day the releases were requested on */
  @NamedInterface("api")
  public record DailyCount(LocalDate day, long targetAppId, long requested, long released, long rejected) {}

  public List<DailyCount> perTargetAppAndDay(long workspaceId, Instant from, Instant to) {
    return jdbc.sql("""
            select cast(date_trunc('day', r.requested_at at time zone 'UTC') as date) as day, r.target_app_id,
              count(*) as requested,
              count(*) filter (where r.status in\s""" + ReleaseStatus.WENT_LIVE_SQL + """
              ) as released,
              count(*) filter (where r.status = 'REJECTED') as rejected
            from release r
            where r.workspace_id = :ws and r.requested_at >= :from and r.requested_at < :to
            group by 1, 2 order by 1, 2""")
        .param("ws", workspaceId).param("from", Timestamp.from(from)).param("to", Timestamp.from(to))
        .query((rs, n) -> new DailyCount(rs.getObject("day", LocalDate.class), rs.getLong("target_app_id"),
            rs.getLong("requested"), rs.getLong("released"), rs.getLong("rejected")))
        .list();
  }
}
