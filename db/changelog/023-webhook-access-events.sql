--liquibase formatted sql

--changeset miniflow:023-webhook-access-events splitStatements:false
-- Access changes as webhook events: a mini program's roles (mini-program.role-set, -removed,
-- roles-ended) are grant events with the access grants, and the workspace's members (member.*)
-- are events of their own kind. Every other action's kind stays the part before its dot.
alter table webhook drop constraint webhook_events_check,
  add constraint webhook_events_check check (cardinality(events) between 1 and 8);

create or replace function webhook_category(action text) returns text language sql immutable as $$
  select case when action like 'mini-program.role%' then 'grant' else split_part(action, '.', 1) end
$$;

create or replace function webhook_enqueue_audit() returns trigger language plpgsql as $$
begin
  if new.workspace_id is not null then
    insert into webhook_delivery(webhook_id, event_type, next_attempt_at, payload)
    select w.id, new.action, case when w.enabled then '-infinity'::timestamptz else 'infinity' end, jsonb_build_object(
        'eventId', 'audit-' || new.id, 'type', new.action, 'occurredAt', new.occurred_at,
        'workspaceId', new.workspace_id, 'actor', new.actor, 'via', new.via,
        'subject', jsonb_build_object('type', new.subject_type, 'id', new.subject_id), 'detail', new.detail)
    from webhook w
    where w.workspace_id = new.workspace_id and w.deleted_at is null
      and webhook_category(new.action) = any (w.events);
  end if;
  return null;
end $$;
