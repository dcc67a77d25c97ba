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

--changeset miniflow:013-listing-rule-sets
-- A target app's listing rules, one row per version: a change adds a row and points the app at it,
-- and each release keeps the version it was asked for under, so a change applies to new requests
-- only and what a release was checked against stays known. A null bound is no rule.
create table listing_rule_set (
  id                        bigserial primary key,
  target_app_id             bigint      not null references target_app(id),
  name_min                  int,
  name_max                  int,
  description_min           int,
  description_max           int,
  logo_required             boolean     not null default false,
  logo_square               boolean     not null default false,
  logo_max_bytes            int,
  default_language_required boolean     not null default false,
  max_mini_programs         int,
  max_versions_kept         int,
  created_by                varchar(64) not null,
  created_at                timestamptz not null default now()
);
create index listing_rule_set_app on listing_rule_set(target_app_id, id desc);
-- the rules the code gave each kind so far: strict apps had them, the others none
insert into listing_rule_set(target_app_id, name_min, name_max, description_min, description_max, logo_required,
                             logo_square, logo_max_bytes, default_language_required, max_mini_programs,
                             max_versions_kept, created_by)
select id, 3, 30, 20, 200, true, true, 262144, true, 10, 20, 'system' from target_app where kind = 'STRICT';
insert into listing_rule_set(target_app_id, created_by)
select id, 'system' from target_app where kind <> 'STRICT';
alter table target_app add column listing_rules_id bigint references listing_rule_set(id);
update target_app t set listing_rules_id = (select max(r.id) from listing_rule_set r where r.target_app_id = t.id);
alter table release add column listing_rules_id bigint references listing_rule_set(id);

--changeset miniflow:013-target-app-admin
-- a disabled target app takes no new releases; what runs there goes on
alter table target_app add column enabled boolean not null default true;
-- after a secret change the partner may still sign with the old one until this time
alter table target_app add column previous_secret varchar(128);
alter table target_app add column previous_secret_until timestamptz;
