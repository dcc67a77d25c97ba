--liquibase formatted sql

--changeset miniflow:020-access-tokens
-- Access tokens for machines (CI, scrapers). Only the SHA-256 of the secret is kept: the secret
-- is shown once, when the token is made. A personal token acts for its owner in all the owner's
-- workspaces; a service token belongs to one workspace (its admins see and revoke it) and acts
-- there with the roles its creator (the owner) holds. Either carries at most its owner's current
-- roles, narrowed to its scopes. Revoked tokens stay, so the audit trail's names keep meaning.
create table access_token (
  id           bigserial     primary key,
  kind         varchar(16)   not null check (kind in ('PERSONAL', 'SERVICE')),
  owner        varchar(64)   not null references app_user(username),
  workspace_id bigint        references workspace(id),
  name         varchar(64)   not null,
  scopes       varchar(16)[] not null check (cardinality(scopes) between 1 and 6),
  secret_hash  char(64)      not null unique,
  created_at   timestamptz   not null,
  expires_at   timestamptz   not null,
  last_used_at timestamptz,
  revoked_at   timestamptz,
  revoked_by   varchar(64),
  constraint access_token_kind_workspace check ((kind = 'PERSONAL') = (workspace_id is null)),
  constraint access_token_expiry check (expires_at > created_at)
);
create unique index access_token_personal_name on access_token(owner, name)
  where kind = 'PERSONAL' and revoked_at is null;
create unique index access_token_service_name on access_token(workspace_id, name)
  where kind = 'SERVICE' and revoked_at is null;
create index access_token_workspace on access_token(workspace_id) where workspace_id is not null;

--changeset miniflow:020-audit-credential
-- Which token an action was taken with (null: a person's login, or the system).
alter table audit_event add column via varchar(100);
