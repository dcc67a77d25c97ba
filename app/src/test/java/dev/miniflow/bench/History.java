package dev.miniflow.bench;

import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * Years of use in one statement each: finished releases written straight into the tables (set
 * based, as COPY would, never through the API), with what their processes left behind: the
 * review task, the monitor's projection of the instance and its steps (and the dashboard's
 * histograms of their durations), and the audit trail.
 * Keys are negative, so they never meet the engine's. Spread over the last 29 days, so every
 * one of them is inside the analytics dashboard's default period (its worst case).
 */
final class History {
  /** Steps each finished instance leaves in the projection, with their element types. */
  private static final String STEPS = """
      array['ReleaseRequested','ReleaseToTargetApp','ValidateRelease','ReviewRelease','RecordDecision',
        'BuildBundle','NotifyApproved','RollOut','NotifyReleased','Released']""";
  private static final String TYPES = """
      array['START_EVENT','SUB_PROCESS','SERVICE_TASK','USER_TASK','SERVICE_TASK','SERVICE_TASK',
        'SERVICE_TASK','SERVICE_TASK','SERVICE_TASK','END_EVENT']""";

  private History() {}

  /**
   * Writes {@code n} finished releases of the workspace's versions up to {@code lastVersionId} (the
   * later ones are still to be released) to the target app.
   */
  static void seed(JdbcClient jdbc, long workspaceId, long targetAppId, long lastVersionId, int n) {
    long definition = jdbc.sql("""
            select process_definition_key from process_definition where bpmn_process_id = 'release'
            order by version desc limit 1""").query(Long.class).single();
    var params = new java.util.HashMap<String, Object>();
    params.put("ws", workspaceId);
    params.put("app", targetAppId);
    params.put("n", n);
    params.put("pdk", definition);
    params.put("last", lastVersionId);
    // n-th release requested n × 25 s ago (100,000 of them: 29 days), reviewed 10 minutes later, released 5 after
    String at = "now() - make_interval(secs => s.n * 25)";
    jdbc.sql("""
            with v as (select array_agg(av.id order by av.id) ids, array_agg(av.mini_program_id order by av.id) mps
                       from app_version av join mini_program p on p.id = av.mini_program_id where p.workspace_id = :ws
                         and av.id <= :last)
            insert into release(workspace_id, mini_program_id, version_id, target_app_id, environment, status,
              requested_by, requested_at, process_instance_key, decided_by, decision_comment, decided_at,
              published_at)
            select :ws, v.mps[1 + s.n % array_length(v.ids, 1)], v.ids[1 + s.n % array_length(v.ids, 1)], :app,
              'PRODUCTION', case when s.n % 10 = 0 then 'REJECTED' else 'RELEASED' end, 'developer', AT, -s.n,
              'reviewer', 'ok', AT + interval '10 minutes',
              case when s.n % 10 = 0 then null else AT + interval '15 minutes' end
            from generate_series(1, :n) s(n), v""".replace("AT", at)).params(params).update();
    jdbc.sql("""
            insert into process_instance(process_instance_key, process_definition_key, bpmn_process_id, version,
              business_key, subject, state, started_at, ended_at)
            select -s.n, :pdk, 'release', 1, cast(r.id as text), 'History ' || s.n, 'COMPLETED', r.requested_at,
              r.requested_at + interval '16 minutes'
            from generate_series(1, :n) s(n) join release r on r.process_instance_key = -s.n""")
        .params(params).update();
    jdbc.sql("""
            insert into instance_workspace(process_instance_key, workspace_id)
            select -s.n, :ws from generate_series(1, :n) s(n)""").params(params).update();
    jdbc.sql("""
            insert into element_instance(element_instance_key, process_instance_key, element_id, element_type, state,
              started_at, ended_at)
            select -(s.n * 16 + k), -s.n, (STEPS)[k], (TYPES)[k], 'COMPLETED',
              i.started_at + make_interval(secs => k * 60), i.started_at + make_interval(secs => k * 60 + 30)
            from generate_series(1, :n) s(n) join process_instance i on i.process_instance_key = -s.n,
              generate_series(1, 10) k""".replace("STEPS", STEPS).replace("TYPES", TYPES)).params(params).update();
    // the dashboard's histograms (migration 019), counted as the projection counts each finished step and instance
    jdbc.sql("""
            insert into step_time_day(workspace_id, day, bpmn_process_id, element_id, bucket, partition_id,
              completed, total_ms)
            select :ws, cast(t.ended_at at time zone 'UTC' as date), 'release', t.element_id,
              floor(16 * log(2, t.ms + 1)), 0, count(*), sum(t.ms)
            from (select e.element_id, e.ended_at, round(extract(epoch from e.ended_at - e.started_at) * 1000)::bigint ms
                  from element_instance e where e.process_instance_key between -:n and -1
                    and e.element_type in ('USER_TASK', 'SERVICE_TASK')
                  union all
                  select 'release', i.ended_at, round(extract(epoch from i.ended_at - i.started_at) * 1000)::bigint
                  from process_instance i where i.process_instance_key between -:n and -1) t
            group by 1, 2, 3, 4, 5
            on conflict (workspace_id, day, bpmn_process_id, element_id, bucket, partition_id) do update
              set completed = step_time_day.completed + excluded.completed,
                total_ms = step_time_day.total_ms + excluded.total_ms""").params(params).update();
    jdbc.sql("""
            insert into user_task(job_key, process_instance_key, process_id, element_id, name, workspace_id,
              business_key, subject, initiator, candidate_groups, candidate_users, audience, state, created_at,
              completed_at, completed_by, outcome, priority)
            select -s.n, -s.n, 'release', 'ReviewRelease', 'Review release', :ws, cast(r.id as text),
              'History ' || s.n, 'developer', array['reviewers'], '{}'::text[], array[:ws || ':reviewers'],
              'COMPLETED', r.requested_at + interval '1 minute', r.decided_at, 'reviewer',
              '{"decision": "approve", "comment": "ok"}', 50
            from generate_series(1, :n) s(n) join release r on r.process_instance_key = -s.n""")
        .params(params).update();
    jdbc.sql("""
            insert into audit_event(occurred_at, actor, action, subject_type, subject_id, workspace_id, detail)
            select r.requested_at + make_interval(secs => a.k * 60), a.actor, a.action, 'release', cast(r.id as text),
              :ws, 'history'
            from generate_series(1, :n) s(n) join release r on r.process_instance_key = -s.n,
              (values (1, 'developer', 'release.requested'), (2, 'system', 'release.validated'),
                (3, 'system', 'release.under-review'), (4, 'reviewer', 'task.completed'),
                (5, 'system', 'release.approved'), (6, 'system', 'release.bundled'),
                (7, 'operator', 'release.rollout-requested'), (8, 'system', 'release.released')) a(k, actor, action)""")
        .params(params).update();
    for (String table : java.util.List.of("release", "process_instance", "instance_workspace", "element_instance",
        "user_task", "audit_event", "step_time_day")) {
      jdbc.sql("vacuum analyze " + table).update(); // as autovacuum would have, over years
    }
  }
}
