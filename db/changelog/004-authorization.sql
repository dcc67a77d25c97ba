--liquibase formatted sql

--changeset miniflow:004-mini-program-members
-- Per-mini-program roles: ADMIN (everything on it) or DEVELOPER (upload, release, analytics).
create table mini_program_member (
  mini_program_id bigint      not null references mini_program(id),
  user_id         bigint      not null references app_user(id),
  role            varchar(16) not null,
  primary key (mini_program_id, user_id)
);

--changeset miniflow:004-access-grants
-- A developer's time-limited access to a mini program, granted through bpmn/authorization.bpmn.
create table access_grant (
  id                   bigserial primary key,
  workspace_id         bigint        not null references workspace(id),
  mini_program_id      bigint        not null references mini_program(id),
  grantee              varchar(64)   not null,
  scopes               text[]        not null,
  days                 int           not null,
  justification        varchar(2000) not null,
  status               varchar(16)   not null,
  requested_at         timestamptz   not null default now(),
  decided_by           varchar(64),
  decision_comment     varchar(2000),
  decided_at           timestamptz,
  starts_at            timestamptz,
  expires_at           timestamptz,
  ended_by             varchar(64),
  ended_at             timestamptz,
  process_instance_key bigint
);
create index access_grant_lookup on access_grant(mini_program_id, grantee, status);

--changeset miniflow:004-task-candidate-users
alter table user_task add column candidate_users text[] not null default '{}';
