--liquibase formatted sql

--changeset miniflow:015-listing-changes
-- A change of a mini program's listing while it is live in a target app: reviewed there
-- (bpmn/listing-change.bpmn); the partner keeps the old listing until it is approved and published.
create table listing_change (
  id                   bigserial primary key,
  workspace_id         bigint        not null references workspace(id),
  mini_program_id      bigint        not null references mini_program(id),
  target_app_id        bigint        not null references target_app(id),
  status               varchar(16)   not null,
  listing              text          not null,
  previous             text          not null,
  requested_by         varchar(64)   not null,
  requested_at         timestamptz   not null default now(),
  decided_by           varchar(64),
  decision_comment     varchar(2000),
  decided_at           timestamptz,
  published_at         timestamptz,
  partner_reference    varchar(128),
  process_instance_key bigint
);
-- one listing change under way per mini program and target app
create unique index listing_change_open on listing_change(mini_program_id, target_app_id)
  where status in ('UNDER_REVIEW', 'APPROVED');
create index listing_change_instance on listing_change(process_instance_key);
create index listing_change_requester on listing_change(requested_by, requested_at desc);

--changeset miniflow:015-listing-texts
-- A mini program's name and description in further languages (its own fields are the default
-- language's); part of the listing target apps show, and of each listing change.
create table mini_program_text (
  mini_program_id bigint       not null references mini_program(id),
  language        varchar(35)  not null,
  name            varchar(64)  not null,
  description     varchar(400) not null,
  primary key (mini_program_id, language)
);
