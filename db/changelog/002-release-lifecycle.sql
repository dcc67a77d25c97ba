--liquibase formatted sql

--changeset miniflow:002-target-app-settings
-- NATIVE (the workspace's own app), PARTNER, or STRICT ("Alipay China"-style rules).
alter table target_app add column kind varchar(16) not null default 'NATIVE';
alter table target_app add column sandbox_review_required boolean not null default true;
alter table target_app add column endpoint_url varchar(512);
alter table target_app add column secret varchar(128);

--changeset miniflow:002-mini-program-profile
alter table mini_program add column default_language varchar(16);
alter table mini_program add column logo bytea;
alter table mini_program add column logo_width int;
alter table mini_program add column logo_height int;

--changeset miniflow:002-release-rollout
alter table release add column review_required boolean not null default true;
alter table release add column rollback_of bigint references release(id);
alter table release add column testers text[] not null default '{}';
alter table release add column grayscale_percent int;
-- What an operator asked for and the rollout worker has not applied yet.
alter table release add column pending_stage varchar(16);
alter table release add column pending_percent int;
alter table release add column stopped_reason varchar(2000);
create index release_target on release(mini_program_id, target_app_id, environment, id desc);

--changeset miniflow:002-partner-publication-stage
alter table partner_publication add column stage varchar(16);
alter table partner_publication add column percent int;
alter table partner_publication add column testers int;

--changeset miniflow:002-task-business-key
create index user_task_business on user_task(process_id, business_key);

--changeset miniflow:002-partner-confirmation
alter table release add column partner_status varchar(16);
alter table release add column partner_reason varchar(2000);
