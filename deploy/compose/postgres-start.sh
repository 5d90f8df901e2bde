#!/bin/sh
# compose.yaml's PostgreSQL: the entrypoint of the `db` service, run as the image's `postgres` user, the
# same on the public postgres:15 image and on a plain Debian 12 with PostgreSQL 15.
#   First start: a cluster with no password for the superuser (reached only through the container's own
#   socket, `compose exec db psql`); every start: the project's roles from deploy/roles.sql with the
#   passwords of the secrets (so changing a secret and restarting `db` changes the password), the database
#   owned by reservaflow_owner with btree_gist; then the server, durable: a booking acknowledged survives
#   a crash (synchronous_commit=on, fsync=on, full_page_writes=on).
# The roles are made on a server that listens on no TCP port, so nothing connects before they are right.
set -eu
bin=/usr/lib/postgresql/15/bin
data=${PGDATA:-/var/lib/postgresql/data}
socket=/tmp
secret() {
    [ -s "/run/secrets/$1" ] || { echo "db: the secret $1 is missing or empty (see docs/deploy.md, Containers)" >&2; exit 1; }
    cat "/run/secrets/$1"
}
owner=$(secret pg_owner_password)
app=$(secret pg_app_password)
api=$(secret pg_api_password)
daemon=$(secret pg_daemon_password)

if [ ! -s "$data/PG_VERSION" ]; then
    "$bin/initdb" -D "$data" -U postgres -E UTF8 --locale=C.UTF-8 --auth-local=peer --auth-host=scram-sha-256 \
        --no-instructions >/dev/null
    # The programs reach the server over the compose network, always with a password.
    printf 'host all all all scram-sha-256\n' >> "$data/pg_hba.conf"
fi

"$bin/pg_ctl" -D "$data" -w -t 60 -l /tmp/postgres-setup.log -o "-c listen_addresses='' -k $socket" start >/dev/null
psql_admin() { psql -X -q -v ON_ERROR_STOP=1 -h "$socket" -U postgres "$@"; }
PG_OWNER_PASSWORD=$owner PG_APP_PASSWORD=$app PG_API_PASSWORD=$api PG_DAEMON_PASSWORD=$daemon \
    psql_admin -d postgres -f /etc/reservaflow/roles.sql >/dev/null
if [ "$(psql_admin -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = 'reservaflow'")" != 1 ]; then
    psql_admin -d postgres -c 'CREATE DATABASE reservaflow OWNER reservaflow_owner' >/dev/null
fi
psql_admin -d reservaflow -c 'CREATE EXTENSION IF NOT EXISTS btree_gist' >/dev/null
"$bin/pg_ctl" -D "$data" -m fast -w stop >/dev/null
unset owner app api daemon

# Failing statements and the rows in their details stay out of the log (it holds guest data otherwise).
exec "$bin/postgres" -D "$data" -k "$socket" -c listen_addresses='*' -c max_connections=200 \
    -c synchronous_commit=on -c fsync=on -c full_page_writes=on \
    -c log_min_error_statement=panic -c log_error_verbosity=terse
