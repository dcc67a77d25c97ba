--liquibase formatted sql

--changeset miniflow:016-delegation
-- Out of office: while it lasts, new tasks meant for the user (named candidate or assignee) of the
-- covered processes (none listed: all) are offered to the delegate too.
create table task_delegation (
  id           bigserial primary key,
  workspace_id bigint       not null references workspace(id),
  username     varchar(64)  not null,
  delegate     varchar(64)  not null,
  starts_at    timestamptz  not null,
  ends_at      timestamptz  not null,
  processes    text[]       not null default '{}',
  note         varchar(500),
  created_at   timestamptz  not null default now(),
  ended_at     timestamptz,
  check (ends_at > starts_at),
  check (username <> delegate)
);
create index task_delegation_user on task_delegation(workspace_id, username, ends_at);

--changeset miniflow:016-task-views
-- Saved queue filters: personal (shared_role null) or shared with one role of the workspace.
create table task_view (
  id           bigserial primary key,
  workspace_id bigint       not null references workspace(id),
  owner        varchar(64)  not null,
  name         varchar(80)  not null,
  filter       text         not null,
  shared_role  varchar(32),
  created_at   timestamptz  not null default now(),
  unique (workspace_id, owner, name)
);
create table task_view_default (
  username varchar(64) primary key,
  view_id  bigint      not null references task_view(id) on delete cascade
);

--changeset miniflow:016-rejection-reasons
create table rejection_reason (
  id           bigserial primary key,
  workspace_id bigint        not null references workspace(id),
  title        varchar(120)  not null,
  description  varchar(1000),
  retired_at   timestamptz,
  unique (workspace_id, title)
);
-- The reasons a rejection picked, each optionally pointing at a file or page of the package.
create table task_rejection (
  task_id   bigint       not null references user_task(id),
  reason_id bigint       not null references rejection_reason(id),
  location  varchar(256),
  primary key (task_id, reason_id)
);
-- On a request made again after a rejection: the reviewer's "fixed?" answer per earlier reason.
create table task_recheck (
  task_id          bigint  not null references user_task(id),
  rejected_task_id bigint  not null references user_task(id),
  reason_id        bigint  not null references rejection_reason(id),
  fixed            boolean not null,
  primary key (task_id, reason_id)
);

--changeset miniflow:016-slas
-- Due dates per process step and target app ('' = any target app); the model's timers read them.
create table task_sla (
  id                    bigserial primary key,
  workspace_id          bigint       not null references workspace(id),
  process_id            varchar(128) not null,
  element_id            varchar(128) not null,
  target_app            varchar(256) not null default '',
  due_within_minutes    int          not null check (due_within_minutes between 1 and 527040),
  remind_before_minutes int          not null check (remind_before_minutes >= 0),
  unique (workspace_id, process_id, element_id, target_app)
);
alter table user_task add column reminded_at timestamptz;
alter table user_task add column escalated_at timestamptz;
create index user_task_handled on user_task(workspace_id, process_id, element_id, completed_at desc)
  where state = 'COMPLETED';

--changeset miniflow:016-task-changes-function splitStatements:false
-- Open queues listen for this (server-sent events): one notification per workspace and commit.
create function user_task_changed() returns trigger language plpgsql as $$
begin
  perform pg_notify('miniflow_tasks', new.workspace_id::text);
  return null;
end $$;

--changeset miniflow:016-task-changes-trigger
create trigger user_task_changed after insert or update on user_task
  for each row execute function user_task_changed();

--changeset miniflow:016-task-environment
-- Which environment a task's object goes to (releases): bulk decisions group by it.
alter table user_task add column environment varchar(32);

--changeset miniflow:016-delegation-offers
-- Which open tasks a delegation offered to its delegate: when it ends, they are taken back.
create table task_delegation_offer (
  delegation_id bigint not null references task_delegation(id),
  task_id       bigint not null references user_task(id),
  primary key (delegation_id, task_id)
);

--changeset miniflow:016-expedited-reviews
-- A requester's ask for an urgent review of a release: counted against the workspace's monthly quota.
create table release_expedite (
  release_id   bigint        primary key references release(id),
  workspace_id bigint        not null references workspace(id),
  requested_by varchar(64)   not null,
  reason       varchar(500)  not null,
  requested_at timestamptz   not null default now()
);
create index release_expedite_month on release_expedite(workspace_id, requested_at);
