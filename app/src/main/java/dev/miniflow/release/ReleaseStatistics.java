package dev.miniflow.release;

import org.springframework.modulith.NamedInterface;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneOffset;
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

  /** Releases requested on the UTC days of [from, to) (whole days, as the dashboard's period is). */
  public List<DailyCount> perTargetAppAndDay(long workspaceId, Instant from, Instant to) {
    return jdbc.sql("""
            select r.requested_day as day, r.target_app_id, count(*) as requested,
              count(*) filter (where r.status in\s""" + ReleaseStatus.WENT_LIVE_SQL + """
              ) as released,
              count(*) filter (where r.status = 'REJECTED') as rejected
            from release r
            where r.workspace_id = :ws and r.requested_day >= :from and r.requested_day < :to
            group by 1, 2 order by 1, 2""")
        .param("ws", workspaceId).param("from", LocalDate.ofInstant(from, ZoneOffset.UTC))
        .param("to", LocalDate.ofInstant(to, ZoneOffset.UTC))
        .query((rs, n) -> new DailyCount(rs.getObject("day", LocalDate.class), rs.getLong("target_app_id"),
            rs.getLong("requested"), rs.getLong("released"), rs.getLong("rejected")))
        .list();
  }
}
