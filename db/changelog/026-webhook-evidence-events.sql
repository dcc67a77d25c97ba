--liquibase formatted sql

--changeset miniflow:026-webhook-evidence-events splitStatements:false
-- Evidence as webhook events: a downloaded evidence bundle (evidence.exported) is an evidence
-- event, so auditors' systems hear of every copy that leaves; one more kind, one more in the list.
alter table webhook drop constraint webhook_events_check,
  add constraint webhook_events_check check (cardinality(events) between 1 and 9);
