--liquibase formatted sql

--changeset miniflow:006-task-list
-- What approvers filter and sort their queues by; filled when the task is opened.
alter table user_task add column process_definition_key bigint;
alter table user_task add column priority int not null default 50;
alter table user_task add column mini_program varchar(256);
alter table user_task add column target_app varchar(256);
create index user_task_due on user_task(due_at) where state in ('OPEN', 'CLAIMED');
create index user_task_instance on user_task(process_instance_key);

create table task_comment (
  id          bigserial primary key,
  task_id     bigint        not null references user_task(id),
  author      varchar(64)   not null,
  body        varchar(2000) not null,
  created_at  timestamptz   not null default now()
);
create index task_comment_task on task_comment(task_id, created_at);

--changeset miniflow:006-process-definitions
-- Every deployed version of a process, with its XML, so consoles show diagrams without the engine.
-- Keyed by the engine's key: an embedded engine starts afresh on restart and reuses versions.
create table process_definition (
  process_definition_key bigint       primary key,
  bpmn_process_id        varchar(128) not null,
  version                int          not null,
  resource_name          varchar(256) not null,
  xml                    text         not null,
  deployed_by            varchar(64)  not null,
  deployed_at            timestamptz  not null default now(),
  change_summary         varchar(4000)
);
create index process_definition_id on process_definition(bpmn_process_id, version desc);
alter table form_definition add column deployed_by varchar(64);
alter table form_definition add column deployed_at timestamptz default now();

--changeset miniflow:006-instance-history
-- The admin monitor's view of the engine, projected from the engine's records.
create table process_instance (
  process_instance_key   bigint       primary key,
  process_definition_key bigint       not null,
  bpmn_process_id        varchar(128) not null,
  version                int          not null,
  workspace_id           bigint,
  business_key           varchar(64),
  subject                varchar(256),
  state                  varchar(16)  not null,
  started_at             timestamptz  not null,
  ended_at               timestamptz
);
create index process_instance_filter on process_instance(workspace_id, state, started_at desc);

create table element_instance (
  element_instance_key bigint       primary key,
  process_instance_key bigint       not null,
  element_id           varchar(128) not null,
  element_type         varchar(64)  not null,
  state                varchar(16)  not null,
  started_at           timestamptz  not null,
  ended_at             timestamptz
);
create index element_instance_instance on element_instance(process_instance_key, started_at);

create table incident (
  incident_key         bigint        primary key,
  process_instance_key bigint        not null,
  element_id           varchar(128)  not null,
  job_key              bigint,
  job_type             varchar(128),
  error_type           varchar(64)   not null,
  error_message        varchar(4000),
  state                varchar(16)   not null,
  created_at           timestamptz   not null,
  resolved_at          timestamptz
);
create index incident_open on incident(state, created_at desc);
create index incident_instance on incident(process_instance_key);

create table instance_variable (
  process_instance_key bigint        not null,
  scope_key            bigint        not null,
  name                 varchar(256)  not null,
  value                text          not null,
  updated_at           timestamptz   not null,
  primary key (process_instance_key, scope_key, name)
);
