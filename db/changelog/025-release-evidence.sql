--liquibase formatted sql

--changeset miniflow:025-release-evidence
-- What evidence bundles need and nothing else kept: the workspace roles a task's decider held when
-- they completed it (their roles may change later; the evidence must say what they were), and
-- each rollout stage's receipt from the partner (its reference, when it was published).
alter table user_task add column completed_by_roles varchar(32)[];

create table release_rollout_receipt (
  id                bigserial    primary key,
  release_id        bigint       not null references release(id),
  target_app_id     bigint       not null references target_app(id),
  stage             varchar(16)  not null,
  percent           int,
  idempotency_key   varchar(200) not null,
  partner_reference varchar(128) not null,
  published_at      timestamptz  not null,
  recorded_at       timestamptz  not null default now()
);
create index release_rollout_receipt_release on release_rollout_receipt(release_id, id);
