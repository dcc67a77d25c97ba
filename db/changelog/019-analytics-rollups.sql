--liquibase formatted sql

--changeset miniflow:019-step-time-histograms
-- The dashboard's cycle and step times over years of history: reading every finished step to
-- sort it for a median costs seconds at 100,000 releases. The projection counts each finished
-- step (and each whole instance, whose element id is its process id) once, into a histogram per
-- workspace, UTC day it finished, process and step. Buckets are 1/16 of a doubling of the
-- duration in milliseconds wide (4.4 %); each keeps its sum, so a bucket of equal durations
-- gives them back exactly and any percentile is within a bucket's width. Each engine partition
-- counts into rows of its own (0: counted here, from the history already projected), so the
-- exporters of several partitions never lock each other's rows.
create table step_time_day (
  workspace_id     bigint  not null,
  day              date    not null,
  bpmn_process_id  text    not null,
  element_id       text    not null,
  bucket           integer not null,
  partition_id     integer not null,
  completed        bigint  not null,
  total_ms         bigint  not null,
  primary key (workspace_id, day, bpmn_process_id, element_id, bucket, partition_id)
);

-- the history already projected, counted the way the projection counts from now on
insert into step_time_day(workspace_id, day, bpmn_process_id, element_id, bucket, partition_id, completed,
  total_ms)
select w.workspace_id, cast(e.ended_at at time zone 'UTC' as date), i.bpmn_process_id, e.element_id,
  floor(16 * log(2, d.ms + 1)), 0, count(*), sum(d.ms)
from element_instance e
  join process_instance i on i.process_instance_key = e.process_instance_key
  join instance_workspace w on w.process_instance_key = e.process_instance_key
  cross join lateral (select greatest(0, round(extract(epoch from e.ended_at - e.started_at) * 1000))::bigint as ms) d
where e.state = 'COMPLETED' and e.ended_at is not null
  and e.element_type in ('PROCESS', 'USER_TASK', 'SERVICE_TASK', 'SEND_TASK', 'RECEIVE_TASK', 'SCRIPT_TASK',
    'BUSINESS_RULE_TASK', 'CALL_ACTIVITY', 'MANUAL_TASK', 'TASK')
group by 1, 2, 3, 4, 5;

--changeset miniflow:019-release-request-day
-- Releases per target app and day, over a month of requests: counted in the order of an index
-- holding all the query needs (the UTC day, the target app, the status), without a visit to the
-- rows once vacuum has marked them visible, and without working out each request's day again.
alter table release add column requested_day date
  generated always as (cast(requested_at at time zone 'UTC' as date)) stored;

--changeset miniflow:019-dashboard-counts-by-index runInTransaction:false
-- Completed-late tasks, a few of all, from a partial index of only those. Both built concurrently:
-- the tables keep taking writes meanwhile.
create index concurrently if not exists release_requested_per_app on release(workspace_id, requested_day,
  target_app_id) include (status);
create index concurrently if not exists user_task_completed_late on user_task(workspace_id, completed_at)
  where state = 'COMPLETED' and completed_at > due_at;
