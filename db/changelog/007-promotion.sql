--liquibase formatted sql

--changeset miniflow:007-promotion-codes
-- A QR code that opens a page of a mini program in a target app, behind a stable short link.
create table promotion_code (
  id               bigserial primary key,
  workspace_id     bigint       not null references workspace(id),
  mini_program_id  bigint       not null references mini_program(id),
  target_app_id    bigint       not null references target_app(id),
  short_code       varchar(16)  not null unique,
  page_path        varchar(256) not null,
  query            varchar(64)  not null default '',
  description      varchar(64)  not null default '',
  error_correction varchar(1)   not null,
  size_px          int          not null,
  created_by       varchar(64)  not null,
  created_at       timestamptz  not null default now()
);
create index promotion_code_mini_program on promotion_code(mini_program_id, created_at desc);

-- A short-lived signed code for trying a version before its release; only its testers may open it.
create table preview_code (
  id               bigserial primary key,
  workspace_id     bigint       not null references workspace(id),
  mini_program_id  bigint       not null references mini_program(id),
  version_id       bigint       not null references app_version(id),
  testers          text[]       not null,
  expires_at       timestamptz  not null,
  created_by       varchar(64)  not null,
  created_at       timestamptz  not null default now()
);
create index preview_code_version on preview_code(version_id);
