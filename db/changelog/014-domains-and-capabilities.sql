--liquibase formatted sql

--changeset miniflow:014-server-domains
-- The domains a mini program may call (REQUEST) and show in web views (WEB_VIEW): its own list
-- (version_id null), or a version's, which wins for that version. Release validation checks the
-- domains a package declares in app.json against them.
create table server_domain (
  id              bigserial primary key,
  mini_program_id bigint       not null references mini_program(id),
  version_id      bigint       references app_version(id),
  kind            varchar(16)  not null,
  domain          varchar(253) not null
);
create unique index server_domain_once on server_domain(mini_program_id, coalesce(version_id, 0), kind, domain);

--changeset miniflow:014-capabilities
-- A target app's catalogue of sensitive capabilities (JSAPIs), each free (granted when asked) or
-- reviewed (bpmn/feature-permission.bpmn), and the grants of them per mini program and target app.
create table capability (
  id            bigserial primary key,
  target_app_id bigint       not null references target_app(id),
  code          varchar(64)  not null,
  name          varchar(128) not null,
  reviewed      boolean      not null default true,
  created_at    timestamptz  not null default now(),
  unique (target_app_id, code)
);
create table capability_grant (
  id                   bigserial primary key,
  workspace_id         bigint        not null references workspace(id),
  mini_program_id      bigint        not null references mini_program(id),
  target_app_id        bigint        not null references target_app(id),
  capability_code      varchar(64)   not null,
  status               varchar(16)   not null,
  justification        varchar(2000) not null,
  use_description      varchar(2000) not null,
  requested_by         varchar(64)   not null,
  requested_at         timestamptz   not null default now(),
  decided_by           varchar(64),
  decision_comment     varchar(2000),
  decided_at           timestamptz,
  ended_by             varchar(64),
  ended_at             timestamptz,
  process_instance_key bigint
);
-- one open request or grant per mini program, target app and capability
create unique index capability_grant_open on capability_grant(mini_program_id, target_app_id, capability_code)
  where status in ('REQUESTED', 'GRANTED');
create index capability_grant_instance on capability_grant(process_instance_key);
create index capability_grant_requester on capability_grant(requested_by, requested_at desc);
