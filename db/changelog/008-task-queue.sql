--liquibase formatted sql

--changeset miniflow:008-task-candidate
-- One row per open task and audience member ("<workspaceId>:<group>" or "user:<name>"), kept by a
-- trigger: "unassigned in my groups" then reads a few ordered btree ranges, one per group of the
-- user, instead of every open task whose audience array overlaps (GIN cannot give the order, so a
-- queue of 100,000 open tasks was a sequential scan).
create table task_candidate (
  member     text        not null,
  created_at timestamptz not null,
  task_id    bigint      not null references user_task(id) on delete cascade,
  primary key (member, created_at, task_id)
);
create index task_candidate_task on task_candidate(task_id);
insert into task_candidate(member, created_at, task_id)
  select distinct m, created_at, id from user_task, unnest(audience) m where state = 'OPEN';

--changeset miniflow:008-task-candidate-function splitStatements:false
create function user_task_candidates() returns trigger language plpgsql as $$
begin
  if tg_op = 'UPDATE' and new.state = old.state and new.audience = old.audience
      and new.created_at = old.created_at then
    return null;
  end if;
  if tg_op = 'UPDATE' then
    delete from task_candidate where task_id = old.id;
  end if;
  if new.state = 'OPEN' then
    insert into task_candidate(member, created_at, task_id)
      select distinct m, new.created_at, new.id from unnest(new.audience) m;
  end if;
  return null;
end $$;

--changeset miniflow:008-task-candidate-trigger
create trigger user_task_candidates after insert or update on user_task
  for each row execute function user_task_candidates();
