--liquibase formatted sql

--changeset miniflow:012-package-large-object
-- On the external profile a version's package is a PostgreSQL large object (every instance on the
-- database serves it, and it commits with its row); the embedded default keeps files. An oid
-- column also lets vacuumlo see which large objects are in use.
alter table app_version add column package_oid oid;
alter table app_version alter column package_file drop not null;
alter table app_version add constraint app_version_package_in_one_place
  check ((package_file is null) <> (package_oid is null));

--changeset miniflow:012-package-unlink-function splitStatements:false
-- Deleting a version (or pointing it elsewhere) frees its package: a large object is not removed
-- with the row that names it, and would otherwise stay behind for good.
create function app_version_unlink_package() returns trigger language plpgsql as $$
begin
  if old.package_oid is not null and (tg_op = 'DELETE' or new.package_oid is distinct from old.package_oid) then
    perform lo_unlink(old.package_oid);
  end if;
  return null;
end $$;

--changeset miniflow:012-package-unlink-trigger
create trigger app_version_unlink_package after delete or update of package_oid on app_version
  for each row execute function app_version_unlink_package();
