-- ReservaFlow's database roles (docs/security.md). Run as a superuser (or a role with CREATEROLE) with psql,
-- once per cluster, before the first `reservaflow migrate`; safe to run again (it only sets the passwords):
--
--   PG_OWNER_PASSWORD=... PG_APP_PASSWORD=... psql -v ON_ERROR_STOP=1 -d postgres -f deploy/roles.sql
--
-- Passwords come from the environment (psql's \getenv), never from a command line or this file:
--   PG_OWNER_PASSWORD  reservaflow_owner  owns the schema; runs migrations (MIGRATION_DATABASE_URL)
--   PG_APP_PASSWORD    reservaflow_app    what the programs log in as (DATABASE_URL)
-- reservaflow_runtime is the group the migrations grant to: it owns nothing, and may only declare its
-- changes to the audit log, never write it. No role here is a superuser.
SELECT 'CREATE ROLE reservaflow_runtime NOLOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reservaflow_runtime') \gexec
SELECT 'CREATE ROLE reservaflow_owner LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reservaflow_owner') \gexec
SELECT 'CREATE ROLE reservaflow_app LOGIN IN ROLE reservaflow_runtime' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reservaflow_app') \gexec
\getenv owner_pw PG_OWNER_PASSWORD
\getenv app_pw PG_APP_PASSWORD
ALTER ROLE reservaflow_owner NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'owner_pw';
ALTER ROLE reservaflow_app NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD :'app_pw';
