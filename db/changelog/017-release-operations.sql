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

--changeset miniflow:017-batch-operations
-- An admin's retry or cancel over every instance a monitor filter matched when it was started:
-- one item per incident or instance, each done in its own transaction and audited on its own.
create table batch_operation (
  id          bigserial     primary key,
  kind        varchar(20)   not null check (kind in ('RETRY_INCIDENTS', 'CANCEL_INSTANCES', 'MIGRATE_INSTANCES')),
  filter      jsonb         not null,
  created_by  varchar(64)   not null,
  created_at  timestamptz   not null default now(),
  finished_at timestamptz,
  total       int           not null
);
create table batch_operation_item (
  batch_id             bigint        not null references batch_operation(id),
  item_no              int           not null,
  process_instance_key bigint        not null,
  incident_key         bigint,
  workspace_id         bigint        not null references workspace(id),
  subject              varchar(500),
  state                varchar(16)   not null default 'PENDING' check (state in ('PENDING', 'DONE', 'FAILED')),
  message              varchar(1000),
  done_at              timestamptz,
  primary key (batch_id, item_no)
);
create index batch_operation_item_pending on batch_operation_item(batch_id) where state = 'PENDING';
create index batch_operation_item_workspace on batch_operation_item(workspace_id, batch_id);

--changeset miniflow:017-emergency-freezes
-- An inspector's or admin's emergency freeze: the mini program taken offline in every target app
-- at once, as one forced removal per live release, linked here; each is restored on its own.
create table listing_freeze (
  id              bigserial     primary key,
  workspace_id    bigint        not null references workspace(id),
  mini_program_id bigint        not null references mini_program(id),
  reason          varchar(2000) not null,
  frozen_by       varchar(64)   not null,
  frozen_at       timestamptz   not null default now()
);
create index listing_freeze_mini_program on listing_freeze(mini_program_id, id desc);
create table listing_freeze_removal (
  freeze_id  bigint not null references listing_freeze(id),
  removal_id bigint not null unique references removal(id),
  primary key (freeze_id, removal_id)
);

--changeset miniflow:017-element-flow-scope
-- The element instance each element runs in: moving a token inside a sub-process names it.
alter table element_instance add column flow_scope_key bigint;
