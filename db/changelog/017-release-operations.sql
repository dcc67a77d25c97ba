--liquibase formatted sql

--changeset miniflow:017-phased-release-plans
-- A phased release: grayscale steps with a dwell time each, advanced by the release process's
-- timers. The due dates are on the engine's clock, written by the workers (the only ones that
-- know it); null until the step they time is applied.
create table release_phase_plan (
  release_id    bigint        primary key references release(id),
  workspace_id  bigint        not null references workspace(id),
  percents      int[]         not null,
  dwell_seconds bigint[]      not null,
  deadline_seconds bigint     not null,
  state         varchar(16)   not null default 'ACTIVE'
                check (state in ('ACTIVE', 'PAUSED', 'COMPLETED', 'REVERTED', 'ENDED')),
  step          int           not null default 0,
  step_due_at   timestamptz,
  deadline_at   timestamptz,
  created_by    varchar(64)   not null,
  created_at    timestamptz   not null default now(),
  paused_by     varchar(64),
  paused_at     timestamptz,
  ended_at      timestamptz,
  restored_at   timestamptz,
  constraint release_phase_plan_steps check (cardinality(percents) = cardinality(dwell_seconds)
    and cardinality(percents) between 1 and 10)
);
