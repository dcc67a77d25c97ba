--liquibase formatted sql

--changeset miniflow:018-personal-queues-in-order runInTransaction:false
-- "My tasks" and "completed by me" read a person's tasks in order, a page at a time: walking
-- these in order answers a page without sorting everything the person holds or ever completed.
-- Built concurrently: a large task table keeps taking writes while they are built.
create index concurrently if not exists user_task_mine on user_task(assignee, created_at, id)
  where state = 'CLAIMED';
create index concurrently if not exists user_task_completed_by on user_task(completed_by, completed_at, id)
  where state = 'COMPLETED';
