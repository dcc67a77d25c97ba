--liquibase formatted sql

--changeset miniflow:022-audit-chain splitStatements:false
-- The audit trail made tamper-evident. Each entry is sealed after it committed into its
-- workspace's chain (workspace 0: entries of no workspace): the SHA-256 of its canonical content,
-- and the chain hash over the one before. Checkpoints sign a chain's head with the installation's
-- Ed25519 key, whose private half lives outside the database: whoever can change rows here can
-- recompute hashes, but cannot sign a checkpoint that covers them.
create table audit_chain (
  audit_id     bigint    primary key references audit_event(id),
  workspace_id bigint    not null,
  seq          bigint    not null,
  entry_hash   char(64)  not null,
  chain_hash   char(64)  not null,
  constraint audit_chain_position unique (workspace_id, seq)
);

-- Which chains grew since their last checkpoint: the sealer's bookkeeping only (what it signs it
-- recomputes from audit_chain and its own checkpoint log, never reads from here).
create table audit_chain_head (
  workspace_id    bigint       primary key,
  seq             bigint       not null,
  checkpoint_seq  bigint       not null default 0,
  checkpoint_at   timestamptz
);

-- What the sealer has yet to chain: written in the transaction of each audit entry (no extra
-- round trip for the process steps), taken away when sealed.
create table audit_unsealed (
  audit_id bigint primary key
);
create function audit_event_unsealed() returns trigger language plpgsql as $$
begin
  insert into audit_unsealed(audit_id) values (new.id);
  return null;
end $$;
create trigger audit_event_to_seal after insert on audit_event
  for each row execute function audit_event_unsealed();
insert into audit_unsealed(audit_id) select id from audit_event;

-- The public halves of every key that ever signed, kept after a rotation: a published copy for
-- auditors. Verification trusts only the key directory's own .pub files, never this table.
create table evidence_key (
  id          varchar(40)   primary key,
  algorithm   varchar(16)   not null default 'Ed25519',
  public_key  varchar(200)  not null,
  created_at  timestamptz   not null default now(),
  retired_at  timestamptz
);

create table audit_checkpoint (
  id           bigserial     primary key,
  workspace_id bigint        not null,
  seq          bigint        not null,
  chain_hash   char(64)      not null,
  signed_at    timestamptz   not null,
  key_id       varchar(40)   not null,
  signature    varchar(200)  not null
);
create index audit_checkpoint_chain on audit_checkpoint(workspace_id, seq);

-- Sealed rows are evidence: like the trail itself, they are never changed or taken away.
create trigger audit_chain_no_update before update or delete on audit_chain
  for each row execute function audit_event_append_only();
create trigger audit_checkpoint_no_update before update or delete on audit_checkpoint
  for each row execute function audit_event_append_only();
