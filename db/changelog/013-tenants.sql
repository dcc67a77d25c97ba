--liquibase formatted sql

--changeset miniflow:013-archived-workspaces
-- An archived workspace is read-only (WorkspaceAccess refuses every change in it) until a platform
-- admin restores it; its rows stay, so nothing decided in it is lost.
alter table workspace add column archived_at timestamptz;
alter table workspace add column archived_by varchar(64);

--changeset miniflow:013-blocked-members
-- A blocked member keeps their roles (unblocking gives them back) but WorkspaceAccess treats them
-- as no member of that workspace: no pages, no API, no tasks, no notifications.
create table workspace_block (
  workspace_id bigint      not null references workspace(id),
  user_id      bigint      not null references app_user(id),
  blocked_by   varchar(64) not null,
  blocked_at   timestamptz not null default now(),
  primary key (workspace_id, user_id)
);

--changeset miniflow:013-withdrawn-invitations
alter table invitation add column withdrawn_at timestamptz;
alter table invitation add column withdrawn_by varchar(64);
