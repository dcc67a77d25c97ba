package dev.miniflow.release;

import java.sql.Array;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Repository;

/** The rows of release_phase_plan; each change is one conditional update on the plan's state. */
@Repository
class PhasePlanStore {
  private static final String RUNNING = "('ACTIVE', 'PAUSED')";

  private final JdbcClient jdbc;

  PhasePlanStore(JdbcClient jdbc) {
    this.jdbc = jdbc;
  }

  boolean insert(long releaseId, long workspaceId, List<Integer> percents, List<Long> dwellSeconds,
      long deadlineSeconds, String createdBy) {
    return jdbc.sql("""
        insert into release_phase_plan (release_id, workspace_id, percents, dwell_seconds, deadline_seconds, created_by)
        values (:r, :ws, :percents, :dwells, :deadline, :by) on conflict (release_id) do nothing
        """).param("r", releaseId).param("ws", workspaceId).param("percents", percents.toArray(Integer[]::new))
        .param("dwells", dwellSeconds.toArray(Long[]::new)).param("deadline", deadlineSeconds)
        .param("by", createdBy).update() == 1;
  }

  Optional<PhasePlan> find(long releaseId) {
    return jdbc.sql("select * from release_phase_plan where release_id = :r").param("r", releaseId)
        .query(PhasePlanStore::plan).optional();
  }

  /** With a row lock: the worker that times or advances a plan waits for a pause or revert in progress. */
  Optional<PhasePlan> lock(long releaseId) {
    return jdbc.sql("select * from release_phase_plan where release_id = :r for update").param("r", releaseId)
        .query(PhasePlanStore::plan).optional();
  }

  Optional<PhasePlan> activeFor(long miniProgramId, long targetAppId, String environment) {
    return jdbc.sql("select p.* from release_phase_plan p join release r on r.id = p.release_id"
        + " where r.mini_program_id = :mp and r.target_app_id = :ta and r.environment = :env"
        + " and p.state in " + RUNNING + " and r.status in ('APPROVED', 'PILOT', 'GRAYSCALE')")
        .param("mp", miniProgramId).param("ta", targetAppId).param("env", environment)
        .query(PhasePlanStore::plan).optional();
  }

  boolean pause(long releaseId, String by) {
    return jdbc.sql("update release_phase_plan set state = 'PAUSED', paused_by = :by, paused_at = now()"
        + " where release_id = :r and state = 'ACTIVE'").param("r", releaseId).param("by", by).update() == 1;
  }

  /** The current step's dwell starts again: the worker woken next times it. */
  boolean resume(long releaseId) {
    return jdbc.sql("update release_phase_plan set state = 'ACTIVE', step_due_at = null"
        + " where release_id = :r and state = 'PAUSED'").param("r", releaseId).update() == 1;
  }

  boolean revert(long releaseId) {
    return jdbc.sql("update release_phase_plan set state = 'REVERTED', ended_at = now()"
        + " where release_id = :r and state in " + RUNNING).param("r", releaseId).update() == 1;
  }

  boolean end(long releaseId, PhasePlan.State state) {
    return jdbc.sql("update release_phase_plan set state = :state, ended_at = now()"
        + " where release_id = :r and state in " + RUNNING).param("r", releaseId).param("state", state.name())
        .update() == 1;
  }

  void time(long releaseId, Instant stepDueAt, Instant deadlineAt) {
    jdbc.sql("update release_phase_plan set step_due_at = :due, deadline_at = :deadline where release_id = :r")
        .param("r", releaseId).param("due", timestamp(stepDueAt)).param("deadline", timestamp(deadlineAt)).update();
  }

  void advance(long releaseId, int step) {
    jdbc.sql("update release_phase_plan set step = :step, step_due_at = null where release_id = :r")
        .param("r", releaseId).param("step", step).update();
  }

  /** Once: a repeated stop step finds it restored already. */
  boolean restored(long releaseId) {
    return jdbc.sql("update release_phase_plan set restored_at = now() where release_id = :r"
        + " and restored_at is null").param("r", releaseId).update() == 1;
  }

  private static Timestamp timestamp(Instant instant) {
    return instant == null ? null : Timestamp.from(instant);
  }

  private static PhasePlan plan(ResultSet rs, int row) throws SQLException {
    return new PhasePlan(rs.getLong("release_id"), Arrays.asList(ints(rs.getArray("percents"))),
        Arrays.stream(longs(rs.getArray("dwell_seconds"))).map(Duration::ofSeconds).toList(),
        Duration.ofSeconds(rs.getLong("deadline_seconds")), PhasePlan.State.valueOf(rs.getString("state")),
        rs.getInt("step"), instant(rs, "step_due_at"), instant(rs, "deadline_at"), rs.getString("created_by"),
        instant(rs, "created_at"), rs.getString("paused_by"), instant(rs, "paused_at"), instant(rs, "ended_at"),
        instant(rs, "restored_at"));
  }

  private static Integer[] ints(Array array) throws SQLException {
    return (Integer[]) array.getArray();
  }

  private static Long[] longs(Array array) throws SQLException {
    return (Long[]) array.getArray();
  }

  private static Instant instant(ResultSet rs, String column) throws SQLException {
    Timestamp value = rs.getTimestamp(column);
    return value == null ? null : value.toInstant();
  }
}
