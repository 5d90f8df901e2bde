-- ReservaFlow's database roles (docs/security.md). Run as a superuser (or a role with CREATEROLE) with psql,
-- once per cluster, before the first `reservaflow migrate`; safe to run again (it only sets the passwords):
--
--   psql -v ON_ERROR_STOP=1 -d postgres -f deploy/roles.sql
--
-- Passwords come from psql's environment (\getenv), never from a command line or this file:
--   PG_OWNER_PASSWORD   reservaflow_owner   owns the schema; runs migrations (MIGRATION_DATABASE_URL)
--   PG_APP_PASSWORD     reservaflow_app     the TUI and the CLI, staff's tools
--   PG_API_PASSWORD     reservaflow_api     reservaflow-api, the internet-facing door
--   PG_DAEMON_PASSWORD  reservaflow_daemon  reservaflowd
-- Each program's login role belongs to one group; the migrations grant to the groups, each what its program
-- needs (docs/security.md#database-roles). Only the owner owns anything; none is a superuser; no program's
-- role may write the audit log (the database does).

SELECT 'CREATE ROLE reservaflow_runtime NOLOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reservaflow_runtime') \gexec
SELECT 'CREATE ROLE reservaflow_online NOLOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reservaflow_online') \gexec
SELECT 'CREATE ROLE reservaflow_jobs NOLOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reservaflow_jobs') \gexec

SELECT 'CREATE ROLE reservaflow_owner LOGIN' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reservaflow_owner') \gexec
SELECT 'CREATE ROLE reservaflow_app LOGIN IN ROLE reservaflow_runtime' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reservaflow_app') \gexec
SELECT 'CREATE ROLE reservaflow_api LOGIN IN ROLE reservaflow_online' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reservaflow_api') \gexec
SELECT 'CREATE ROLE reservaflow_daemon LOGIN IN ROLE reservaflow_jobs' WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = 'reservaflow_daemon') \gexec

\getenv owner_pw PG_OWNER_PASSWORD
\getenv app_pw PG_APP_PASSWORD
\getenv api_pw PG_API_PASSWORD
\getenv daemon_pw PG_DAEMON_PASSWORD
ALTER ROLE reservaflow_owner NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS PASSWORD :'owner_pw';
ALTER ROLE reservaflow_app NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD :'app_pw';
ALTER ROLE reservaflow_api NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD :'api_pw';
ALTER ROLE reservaflow_daemon NOSUPERUSER NOCREATEDB NOCREATEROLE NOREPLICATION NOBYPASSRLS INHERIT PASSWORD :'daemon_pw';
