--liquibase formatted sql

--changeset miniflow:014-server-domains
-- The domains a mini program may call (REQUEST) and show in web views (WEB_VIEW): its own list
-- (version_id null), or a version's, which wins for that version. Release validation checks the
-- domains a package declares in app.json against them.
create table server_domain (
  id              bigserial primary key,
  mini_program_id bigint       not null references mini_program(id),
  version_id      bigint       references app_version(id),
  kind            varchar(16)  not null,
  domain          varchar(253) not null
);
create unique index server_domain_once on server_domain(mini_program_id, coalesce(version_id, 0), kind, domain);
