--liquibase formatted sql

--changeset miniflow:027-task-job-keys-per-engine runInTransaction:false
-- A job key names one task among the open ones only: the embedded engine, started empty, hands
-- out the old engine's keys again, and a task of the old one (completed, or canceled at the
-- restart) kept its key, so a new review whose job had the same key was taken for a second
-- delivery of the old job and never opened. A second delivery of an open task's job still
-- changes nothing. Built concurrently: a large task table keeps taking writes meanwhile.
create unique index concurrently if not exists user_task_open_job on user_task(job_key)
  where state in ('OPEN', 'CLAIMED');
create index concurrently if not exists user_task_job on user_task(job_key);

--changeset miniflow:027-task-job-key-not-unique-for-ever
alter table user_task drop constraint user_task_job_key_key;
