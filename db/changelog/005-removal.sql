--liquibase formatted sql

--changeset miniflow:005-removal
-- A mini program taken offline: asked for by its owners (REQUESTED) or imposed by an inspector (FORCED).
create table removal (
  id                   bigserial primary key,
  workspace_id         bigint        not null references workspace(id),
  mini_program_id      bigint        not null references mini_program(id),
  kind                 varchar(16)   not null,
  status               varchar(32)   not null,
  release_ids          bigint[]      not null,
  reason               varchar(2000) not null,
  requested_by         varchar(64)   not null,
  requested_at         timestamptz   not null default now(),
  decided_by           varchar(64),
  decision_comment     varchar(2000),
  rule                 varchar(200),
  evidence             varchar(4000),
  severity             varchar(16),
  rectification        varchar(4000),
  process_instance_key bigint
);
create index removal_mini_program on removal(mini_program_id, id desc);

--changeset miniflow:005-listing-block
-- Where a mini program was removed it gets no new release until an admin restores it.
create table listing_block (
  mini_program_id bigint      not null references mini_program(id),
  target_app_id   bigint      not null references target_app(id),
  environment     varchar(16) not null,
  removal_id      bigint      not null references removal(id),
  blocked_at      timestamptz not null default now(),
  primary key (mini_program_id, target_app_id, environment)
);
