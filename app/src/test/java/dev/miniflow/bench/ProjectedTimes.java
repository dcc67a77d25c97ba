package dev.miniflow.bench;

import java.sql.Timestamp;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A real broker's timestamps as Miniflow's exporter projected them into PostgreSQL: an instance's
 * completion is its {@code process_instance.ended_at}, a user task reached its element's
 * {@code started_at} (both the record's timestamp, not when the exporter wrote it). The exporter
 * writes in log order, so once the last completion is there, every earlier record is too.
 */
final class ProjectedTimes implements EngineTimes {
  private final JdbcClient projection;
  private final String processId;

  ProjectedTimes(JdbcClient projection, String processId) {
    this.projection = projection;
    this.processId = processId;
  }

  @Override
  public long completed() {
    return projection.sql("select count(*) from process_instance where bpmn_process_id = :p and state = 'COMPLETED'")
        .param("p", processId).query(Long.class).single();
  }

  @Override
  public long lastCompletedAt() {
    return projection
        .sql("select max(ended_at) from process_instance where bpmn_process_id = :p and state = 'COMPLETED'")
        .param("p", processId).query(Timestamp.class).single().getTime();
  }

  @Override
  public Long reachedByJob(long jobKey) {
    // the bench releases to one target app: one review element per instance
    return first(projection.sql("""
            select e.started_at from job j join element_instance e on e.process_instance_key = j.process_instance_key
              and e.element_id = j.element_id and e.element_type = 'USER_TASK'
            where j.job_key = :k""").param("k", jobKey).query(Timestamp.class).list());
  }

  @Override
  public Long reachedByElement(long elementInstanceKey) {
    return first(projection.sql("select started_at from element_instance where element_instance_key = :k")
        .param("k", elementInstanceKey).query(Timestamp.class).list());
  }

  private static Long first(java.util.List<Timestamp> found) {
    return found.isEmpty() ? null : found.getFirst().getTime();
  }
}
