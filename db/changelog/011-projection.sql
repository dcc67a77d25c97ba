--liquibase formatted sql

--changeset miniflow:011-instance-workspace
-- The workspace an instance runs for, written by Miniflow in the transaction that starts it. The
-- monitor takes the workspace from here, never from the engine's records: a model can write any
-- variable, so a workspaceId variable would let a process owner show an instance to, or hide it
-- from, another workspace's admins.
create table instance_workspace (
  process_instance_key bigint primary key,
  workspace_id         bigint not null references workspace(id)
);
create index instance_workspace_workspace on instance_workspace(workspace_id);
insert into instance_workspace(process_instance_key, workspace_id)
  select process_instance_key, workspace_id from release where process_instance_key is not null
  union select process_instance_key, workspace_id from access_grant where process_instance_key is not null
  union select process_instance_key, workspace_id from removal where process_instance_key is not null
  on conflict do nothing;
alter table process_instance drop column workspace_id;
create index process_instance_started on process_instance(started_at desc);

--changeset miniflow:011-exporter
-- Jobs as the engine records them (type, retries, failures), for incidents and their retries.
create table job (
  job_key              bigint        primary key,
  process_instance_key bigint        not null,
  element_id           varchar(128)  not null,
  job_type             varchar(128)  not null,
  retries              int           not null,
  failures             int           not null,
  state                varchar(16)   not null,
  error_message        varchar(4000),
  created_at           timestamptz   not null,
  updated_at           timestamptz   not null
);
create index job_instance on job(process_instance_key);

-- How far the projection got in each partition's log, written in the transaction of the rows it
-- covers: an exporter or the embedded feed reading a record again skips it.
create table exporter_position (
  partition_id int         primary key,
  position     bigint      not null,
  exported_at  timestamptz not null
);
