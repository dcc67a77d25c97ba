--liquibase formatted sql

--changeset miniflow:024-sealed-webhook-secrets
-- A webhook's secret is kept sealed (AES-GCM under a key outside the database, "sealed:v1:…"),
-- which is longer than the secret; the app seals the ones kept in plain text when it starts.
alter table webhook alter column secret type varchar(200);
