--liquibase formatted sql

--changeset miniflow:021-webhooks splitStatements:false
-- Webhooks: a workspace admin's endpoint for the events of some categories (the part of an audit
-- action before its dot: release, task, removal, grant, capability, listing; and incident). The
-- secret signs every call (HMAC-SHA256); it is shown once and kept, since each call needs it.
create table webhook (
  id                   bigserial     primary key,
  workspace_id         bigint        not null references workspace(id),
  url                  varchar(2000) not null,
  secret               varchar(80)   not null,
  events               varchar(32)[] not null check (cardinality(events) between 1 and 7),
  enabled              boolean       not null default true,
  disabled_at          timestamptz,
  disabled_reason      varchar(500),
  consecutive_failures int           not null default 0,
  created_by           varchar(64)   not null,
  created_at           timestamptz   not null default now(),
  -- deleted webhooks stay (their deliveries reference them; a business transaction enqueueing an
  -- event never races a delete), they only stop getting events
  deleted_at           timestamptz
);
create index webhook_workspace on webhook(workspace_id);

-- The durable outbox: one row per event and webhook, written by the triggers below in the
-- transaction that records the event, so an event is sent only once it committed and is never
-- lost. The payload is frozen when the event happens; the id is the same on every attempt
-- (receivers deduplicate by it); a manual redelivery is a new row pointing at the one it repeats.
create table webhook_delivery (
  id              uuid          primary key default gen_random_uuid(),
  webhook_id      bigint        not null references webhook(id) on delete cascade,
  event_type      varchar(64)   not null,
  payload         jsonb         not null,
  created_at      timestamptz   not null default now(),
  state           varchar(16)   not null default 'PENDING' check (state in ('PENDING', 'DELIVERED', 'FAILED')),
  attempts        int           not null default 0,
  -- due at once ('-infinity', so only the sending node's clock is ever compared); 'infinity' while
  -- its webhook is disabled, so the due index never holds a disabled webhook's backlog
  next_attempt_at timestamptz   not null default '-infinity',
  last_attempt_at timestamptz,
  last_status     int,
  last_error      varchar(500),
  delivered_at    timestamptz,
  redelivery_of   uuid          references webhook_delivery(id) on delete set null
);
create index webhook_delivery_due on webhook_delivery(next_attempt_at) where state = 'PENDING';
create index webhook_delivery_log on webhook_delivery(webhook_id, created_at desc);

-- Every audit entry of a workspace is an event for its webhooks of that category: one trigger
-- here instead of a call in every feature, and no extra round trip on the process's hot path.
create function webhook_enqueue_audit() returns trigger language plpgsql as $$
begin
  if new.workspace_id is not null then
    insert into webhook_delivery(webhook_id, event_type, next_attempt_at, payload)
    select w.id, new.action, case when w.enabled then '-infinity'::timestamptz else 'infinity' end, jsonb_build_object(
        'eventId', 'audit-' || new.id, 'type', new.action, 'occurredAt', new.occurred_at,
        'workspaceId', new.workspace_id, 'actor', new.actor, 'via', new.via,
        'subject', jsonb_build_object('type', new.subject_type, 'id', new.subject_id), 'detail', new.detail)
    from webhook w
    where w.workspace_id = new.workspace_id and w.deleted_at is null
      and split_part(new.action, '.', 1) = any (w.events);
  end if;
  return null;
end $$;
create trigger audit_event_webhooks after insert on audit_event
  for each row execute function webhook_enqueue_audit();

-- An incident (projected from the engine's records) of an instance bound to a workspace.
create function webhook_enqueue_incident() returns trigger language plpgsql as $$
begin
  insert into webhook_delivery(webhook_id, event_type, next_attempt_at, payload)
  select w.id, 'incident.created', case when w.enabled then '-infinity'::timestamptz else 'infinity' end,
    jsonb_build_object(
      'eventId', 'incident-' || new.incident_key, 'type', 'incident.created', 'occurredAt', new.created_at,
      'workspaceId', iw.workspace_id,
      'subject', jsonb_build_object('type', 'process-instance', 'id', new.process_instance_key::text),
      'elementId', new.element_id, 'jobType', new.job_type,
      'detail', new.error_type || ': ' || left(coalesce(new.error_message, ''), 500))
  from instance_workspace iw join webhook w on w.workspace_id = iw.workspace_id
  where iw.process_instance_key = new.process_instance_key and w.deleted_at is null
    and 'incident' = any (w.events);
  return null;
end $$;
create trigger incident_webhooks after insert on incident
  for each row execute function webhook_enqueue_incident();
