--liquibase formatted sql

--changeset miniflow:010-publication-claim
-- A rollout job delivered twice at once calls the partner once: the delivery that claims the
-- release's publication does it, until this time at the latest (a dead delivery's claim lapses).
alter table release add column publishing_until timestamptz;
