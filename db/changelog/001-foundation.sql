--liquibase formatted sql

--changeset miniflow:001-accounts
create table app_user (
  id            bigserial primary key,
  username      varchar(64)  not null unique,
  display_name  varchar(128) not null,
  email         varchar(254),
  password_hash varchar(100) not null,
  enabled       boolean      not null default true,
  created_at    timestamptz  not null default now()
);

create table workspace (
  id         bigserial primary key,
  name       varchar(128) not null unique,
  created_at timestamptz  not null default now()
);

-- One row per role a user holds in a workspace.
create table workspace_member (
  workspace_id bigint      not null references workspace(id),
  user_id      bigint      not null references app_user(id),
  role         varchar(32) not null,
  primary key (workspace_id, user_id, role)
);
create index workspace_member_user on workspace_member(user_id);

--changeset miniflow:001-mini-programs
create table mini_program (
  id           bigserial primary key,
  workspace_id bigint       not null references workspace(id),
  name         varchar(64)  not null,
  description  varchar(400) not null default '',
  category     varchar(64)  not null default '',
  created_by   varchar(64)  not null,
  created_at   timestamptz  not null default now(),
  unique (workspace_id, name)
);

-- A version is immutable once uploaded.
create table app_version (
  id              bigserial primary key,
  mini_program_id bigint       not null references mini_program(id),
  version         varchar(64)  not null,
  package_file    varchar(200) not null,
  package_bytes   bigint       not null,
  sha256          char(64)     not null,
  report          text         not null,
  uploaded_by     varchar(64)  not null,
  uploaded_at     timestamptz  not null default now(),
  unique (mini_program_id, version)
);

--changeset miniflow:001-target-apps
create table target_app (
  id           bigserial primary key,
  workspace_id bigint       not null references workspace(id),
  code         varchar(64)  not null,
  name         varchar(128) not null,
  connector    varchar(32)  not null,
  unique (workspace_id, code)
);

create table partner_publication (
  id              bigserial primary key,
  target_app_id   bigint      not null references target_app(id),
  idempotency_key varchar(128) not null unique,
  bundle_sha256   char(64)    not null,
  published_at    timestamptz not null default now()
);

--changeset miniflow:001-releases
create table release (
  id                   bigserial primary key,
  workspace_id         bigint      not null references workspace(id),
  mini_program_id      bigint      not null references mini_program(id),
  version_id           bigint      not null references app_version(id),
  target_app_id        bigint      not null references target_app(id),
  environment          varchar(16) not null,
  status               varchar(16) not null,
  requested_by         varchar(64) not null,
  requested_at         timestamptz not null default now(),
  process_instance_key bigint,
  validation_report    text,
  decided_by           varchar(64),
  decision_comment     varchar(2000),
  decided_at           timestamptz,
  bundle               text,
  bundle_sha256        char(64),
  bundle_signature     varchar(128),
  published_at         timestamptz,
  lock_version         int         not null default 0
);
-- Only one release in flight per mini program x target app x environment.
create unique index release_one_in_flight on release(mini_program_id, target_app_id, environment)
  where status in ('CREATED', 'UNDER_REVIEW', 'APPROVED', 'PILOT', 'GRAYSCALE');
create index release_workspace on release(workspace_id, requested_at desc);

--changeset miniflow:001-tasks
create table user_task (
  id                   bigserial primary key,
  job_key              bigint       not null unique,
  process_instance_key bigint       not null,
  process_id           varchar(128) not null,
  element_id           varchar(128) not null,
  name                 varchar(256) not null,
  workspace_id         bigint       not null,
  business_key         varchar(64),
  subject              varchar(256),
  initiator            varchar(64),
  candidate_groups     text[]       not null,
  -- "<workspaceId>:<group>" pairs, so a queue is one indexed array-overlap query
  audience             text[]       not null,
  assignee             varchar(64),
  form_key             bigint,
  due_at               timestamptz,
  state                varchar(16)  not null,
  created_at           timestamptz  not null default now(),
  completed_at         timestamptz,
  completed_by         varchar(64),
  outcome              text,
  lock_version         int          not null default 0
);
create index user_task_open on user_task(workspace_id, state, created_at);
create index user_task_audience on user_task using gin (audience) where state in ('OPEN', 'CLAIMED');
create index user_task_assignee on user_task(assignee, state);

-- Keyed by the engine's form key: an embedded engine starts afresh on restart and may hand out
-- the same id and version under new keys.
create table form_definition (
  form_key  bigint primary key,
  form_id   varchar(128) not null,
  version   int          not null,
  schema    text         not null
);
create index form_definition_id on form_definition(form_id, version);

--changeset miniflow:001-notifications
create table notification (
  id          bigserial primary key,
  recipient   varchar(64)   not null,
  dedup_key   varchar(200)  not null unique,
  subject     varchar(256)  not null,
  body        varchar(4000) not null,
  link        varchar(256),
  created_at  timestamptz   not null default now(),
  read_at     timestamptz
);
create index notification_recipient on notification(recipient, created_at desc);

--changeset miniflow:001-audit splitStatements:false
create table audit_event (
  id           bigserial primary key,
  occurred_at  timestamptz  not null default now(),
  actor        varchar(64)  not null,
  action       varchar(64)  not null,
  subject_type varchar(32)  not null,
  subject_id   varchar(64)  not null,
  workspace_id bigint,
  detail       varchar(4000)
);
create index audit_subject on audit_event(subject_type, subject_id, id);

-- The audit trail is append-only: the database itself refuses edits.
create function audit_event_append_only() returns trigger language plpgsql as $$
begin
  raise exception 'audit_event is append-only';
end $$;
create trigger audit_event_no_update before update or delete on audit_event
  for each row execute function audit_event_append_only();
