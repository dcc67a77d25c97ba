--liquibase formatted sql

--changeset miniflow:003-spring-session
create table spring_session (
  primary_id            char(36) not null,
  session_id            char(36) not null,
  creation_time         bigint   not null,
  last_access_time      bigint   not null,
  max_inactive_interval int      not null,
  expiry_time           bigint   not null,
  principal_name        varchar(100),
  constraint spring_session_pk primary key (primary_id)
);
create unique index spring_session_ix1 on spring_session (session_id);
create index spring_session_ix2 on spring_session (expiry_time);
create index spring_session_ix3 on spring_session (principal_name);
create table spring_session_attributes (
  session_primary_id char(36)     not null,
  attribute_name     varchar(200) not null,
  attribute_bytes    bytea        not null,
  constraint spring_session_attributes_pk primary key (session_primary_id, attribute_name),
  constraint spring_session_attributes_fk foreign key (session_primary_id)
    references spring_session (primary_id) on delete cascade
);

--changeset miniflow:003-invitations
-- The token itself is never stored: only the SHA-256 of its secret part.
create table invitation (
  id           bigserial primary key,
  workspace_id bigint       not null references workspace(id),
  email        varchar(254) not null,
  roles        text[]       not null,
  token_hash   char(64)     not null,
  invited_by   varchar(64)  not null,
  created_at   timestamptz  not null default now(),
  expires_at   timestamptz  not null,
  accepted_at  timestamptz,
  accepted_by  varchar(64)
);
create index invitation_workspace on invitation(workspace_id, created_at desc);

--changeset miniflow:003-audit-search
create index audit_workspace on audit_event(workspace_id, id desc);
