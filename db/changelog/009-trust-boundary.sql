--liquibase formatted sql

--changeset miniflow:009-task-binding
-- Who may not decide a task (four-eyes): the requester and, for releases, the version's uploader,
-- taken from the bound business object, never from process variables.
alter table user_task add column excluded text[] not null default '{}';
update user_task set excluded = array[initiator] where initiator is not null;
-- A completed task's decision is taken over by its decision step once.
alter table user_task add column decision_recorded_at timestamptz;
create index user_task_about on user_task(process_id, business_key, id);

--changeset miniflow:009-rectified-by
-- The owner who submitted the rectification under review: they may not review it.
alter table removal add column rectified_by varchar(64);

--changeset miniflow:009-platform-roles
-- Roles of the platform's operators. No workspace page or API grants them: only the installation
-- (its first admin) holds them.
create table platform_member (
  user_id bigint      not null references app_user(id),
  role    varchar(32) not null,
  primary key (user_id, role)
);

--changeset miniflow:009-notification-workspace
-- The workspace a notification is about: it reaches members of that workspace only, and goes
-- when they leave it.
alter table notification add column workspace_id bigint;
create index notification_workspace on notification(recipient, workspace_id);
