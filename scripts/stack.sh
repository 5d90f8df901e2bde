#!/usr/bin/env bash
# A private PostgreSQL + Redis for this checkout: data under .stack/, loopback ports derived from the
# checkout's path (two checkouts do not collide), generated passwords in .stack/env (mode 600).
#   scripts/stack.sh up | down | status | env | daemon-up | daemon-down | api-up | api-down
#   scripts/stack.sh pg-crash | pg-start | redis-start | redis-pid     (for the fault suite)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
stack="$root/.stack"
pgbin="$(ls -d /usr/lib/postgresql/*/bin 2>/dev/null | sort -V | tail -n1)"
hash=$(printf '%s' "$root" | cksum | cut -d' ' -f1)
pg_port=${RF_PG_PORT:-$((20000 + hash % 20000))}
redis_port=${RF_REDIS_PORT:-$((pg_port + 1))}
pg_user_os=postgres   # PostgreSQL refuses to run as root: run it as the Debian package's user then.

as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u "$pg_user_os" -- "$@"; else "$@"; fi
}

# PostgreSQL's files live in .stack/pg when its user can reach the checkout; a checkout under a folder
# closed to that user (a home directory, a CI workspace) gets them under /var/tmp instead.
pg_home="$stack"
if [ "$(id -u)" -eq 0 ]; then
    mkdir -p "$stack"
    chmod 755 "$stack"
    if ! runuser -u "$pg_user_os" -- test -x "$stack" 2>/dev/null; then
        pg_home="/var/tmp/reservaflow-$hash"
        mkdir -p "$pg_home"
        chown "$pg_user_os" "$pg_home"
        chmod 700 "$pg_home"
    fi
fi
pgdata="$pg_home/pg"
pgrun="$pg_home/run"
pglog="$pg_home/postgres.log"

mail_port=${RF_MAIL_PORT:-$((pg_port + 2))}
api_port=${RF_API_PORT:-$((pg_port + 3))}

pg_running() { [ -f "$pgdata/postmaster.pid" ] && as_pg "$pgbin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; }
redis_running() { [ -f "$stack/redis.pid" ] && kill -0 "$(cat "$stack/redis.pid")" 2>/dev/null; }

# Roles (docs/security.md): rf_superuser exists only for this script and the tests' scratch databases;
# reservaflow_owner owns the schema and runs migrations; reservaflow_app is what every program connects as
# (a member of the reservaflow_runtime group the migrations grant to: no superuser, owns nothing).
# A stack from before this split (its superuser was the app's role) is recreated: it holds only demo data.
layout=2

up() {
    mkdir -p "$stack"
    chmod 755 "$stack"
    if [ -f "$pgdata/PG_VERSION" ] && [ "$(cat "$stack/layout" 2>/dev/null)" != "$layout" ]; then
        echo "stack: this private stack predates the owner/runtime role split; recreating it (make demo reseeds the demo)" >&2
        if pg_running; then as_pg "$pgbin/pg_ctl" -D "$pgdata" -m immediate -w stop >/dev/null || true; fi
        rm -rf "$pgdata" "$stack/secrets"
    fi
    if [ ! -f "$stack/secrets" ]; then
        (
            umask 077
            for key in PG_SUPER_PASSWORD PG_OWNER_PASSWORD PG_APP_PASSWORD REDIS_PASSWORD; do
                printf '%s=%s\n' "$key" "$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
            done > "$stack/secrets.tmp"
        )
        mv "$stack/secrets.tmp" "$stack/secrets"
    fi
    # The key that signs confirm links in hold mails, and the API's and the daemon's own database roles (a
    # stack made before them lacks them).
    if ! grep -q '^LINK_SECRET=' "$stack/secrets"; then
        ( umask 077; printf 'LINK_SECRET=%s\n' "$(head -c 32 /dev/urandom | base64 | tr -d '/+=')" >> "$stack/secrets" )
    fi
    for key in PG_API_PASSWORD PG_DAEMON_PASSWORD; do
        grep -q "^$key=" "$stack/secrets" || ( umask 077; printf '%s=%s\n' "$key" "$(head -c 18 /dev/urandom | base64 | tr -d '/+=')" >> "$stack/secrets" )
    done
    # shellcheck disable=SC1091
    . "$stack/secrets"
    if [ ! -f "$pgdata/PG_VERSION" ]; then
        mkdir -p "$pgdata"
        if [ "$(id -u)" -eq 0 ]; then chown "$pg_user_os" "$pgdata"; fi
        # The password file stays private: readable by the server's user alone, and gone right after.
        pwfile=$(umask 077; mktemp)
        printf '%s\n' "$PG_SUPER_PASSWORD" > "$pwfile"
        if [ "$(id -u)" -eq 0 ]; then chown "$pg_user_os" "$pwfile"; fi
        as_pg "$pgbin/initdb" -D "$pgdata" -U rf_superuser --pwfile="$pwfile" --auth=scram-sha-256 \
            -E UTF8 --locale=C.UTF-8 >"$stack/initdb.log" 2>&1 || { cat "$stack/initdb.log" >&2; rm -f "$pwfile"; exit 1; }
        rm -f "$pwfile"
        echo "$layout" > "$stack/layout"
    fi
    if ! pg_running; then
        mkdir -p "$pgrun"
        if [ "$(id -u)" -eq 0 ]; then chown "$pg_user_os" "$pgrun"; fi
        # The server log can hold guest data in error details: private to the server's user (and root).
        ( umask 077; touch "$pglog" ); chmod 600 "$pglog"
        if [ "$(id -u)" -eq 0 ]; then chown "$pg_user_os" "$pglog"; fi
        # synchronous_commit=on: a booking the host was told about survives a crash of the server. Failing
        # statements and their rows' contents stay out of the log (log_min_error_statement, terse verbosity).
        as_pg "$pgbin/pg_ctl" -D "$pgdata" -l "$pglog" -w -t 30 start -o \
            "-p $pg_port -c listen_addresses=127.0.0.1 -k $pgrun -c max_connections=300 -c shared_buffers=128MB -c synchronous_commit=on -c fsync=on -c log_min_error_statement=panic -c log_error_verbosity=terse" >/dev/null \
            || { tail -20 "$pglog" >&2; exit 1; }
    fi
    if ! redis_running; then
        mkdir -p "$stack/redis"
        chmod 700 "$stack/redis"
        ( umask 077; touch "$stack/redis.log" ); chmod 600 "$stack/redis.log"
        # The password is read from a file only its owner can read (0600, written whole and renamed): on
        # the command line every user saw it in ps and /proc/PID/cmdline at each start.
        ( umask 077; printf 'requirepass %s\n' "$REDIS_PASSWORD" > "$stack/redis.conf.tmp.$$" )
        mv -f "$stack/redis.conf.tmp.$$" "$stack/redis.conf"
        redis-server "$stack/redis.conf" --port "$redis_port" --bind 127.0.0.1 --daemonize yes --dir "$stack/redis" \
            --pidfile "$stack/redis.pid" --logfile "$stack/redis.log" --save "" --appendonly no >/dev/null
        for _ in $(seq 1 50); do redis_running && break; sleep 0.1; done
        redis_running || { echo "stack: redis-server did not start on 127.0.0.1:$redis_port; its log:" >&2; tail -20 "$stack/redis.log" >&2; exit 1; }
    fi
    ensure_roles
    ensure_database reservaflow
    # Written whole and renamed: a command starting meanwhile reads the old file or the new one, never half.
    (
        umask 077
        cat > "$stack/env.tmp.$$" <<ENV
DATABASE_URL=postgresql://reservaflow_app:$PG_APP_PASSWORD@127.0.0.1:$pg_port/reservaflow
API_DATABASE_URL=postgresql://reservaflow_api:$PG_API_PASSWORD@127.0.0.1:$pg_port/reservaflow
DAEMON_DATABASE_URL=postgresql://reservaflow_daemon:$PG_DAEMON_PASSWORD@127.0.0.1:$pg_port/reservaflow
MIGRATION_DATABASE_URL=postgresql://reservaflow_owner:$PG_OWNER_PASSWORD@127.0.0.1:$pg_port/reservaflow
REDIS_URL=redis://:$REDIS_PASSWORD@127.0.0.1:$redis_port/0
PG_ADMIN_URL=postgresql://rf_superuser:$PG_SUPER_PASSWORD@127.0.0.1:$pg_port/postgres
LINK_SECRET=$LINK_SECRET
PUBLIC_URL=http://127.0.0.1:$api_port
ENV
    )
    mv -f "$stack/env.tmp.$$" "$stack/env"
    echo "stack up: PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port (settings in .stack/env)"
}

# psql as the superuser. Passwords travel in the environment, never on a command line others can read.
admin_psql() {
    PGPASSWORD="$PG_SUPER_PASSWORD" psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$pg_port" -U rf_superuser "$@"
}

ensure_roles() {
    PG_OWNER_PASSWORD="$PG_OWNER_PASSWORD" PG_APP_PASSWORD="$PG_APP_PASSWORD" PG_API_PASSWORD="$PG_API_PASSWORD" \
        PG_DAEMON_PASSWORD="$PG_DAEMON_PASSWORD" admin_psql -d postgres -f "$root/deploy/roles.sql" >/dev/null
}

# A database owned by the owner role, with btree_gist made by the superuser (so the owner needs no more).
ensure_database() {
    local exists
    exists=$(admin_psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$1'")
    [ "$exists" = "1" ] || admin_psql -d postgres -c "CREATE DATABASE $1 OWNER reservaflow_owner" >/dev/null
    admin_psql -d "$1" -c "CREATE EXTENSION IF NOT EXISTS btree_gist" >/dev/null
}

pid_running() { [ -f "$1" ] && kill -0 "$(cat "$1")" 2>/dev/null; }

# The demo's mail: a local SMTP sink (Debian's aiosmtpd) writing each message to .stack/mail (a Maildir,
# private: it holds guests' names and bookings), and the release daemon sending the outbox to it.
daemon_up() {
    [ -f "$stack/env" ] || { echo "stack is not up: run scripts/stack.sh up first" >&2; exit 1; }
    local bin="$root/.build/release/reservaflowd"
    [ -x "$bin" ] || { echo "no release daemon at $bin: run make build first" >&2; exit 1; }
    if ! pid_running "$stack/mail.pid"; then
        # A Maildir needs its three folders: Python's mailbox only makes them when it makes the folder itself.
        mkdir -p "$stack/mail/cur" "$stack/mail/new" "$stack/mail/tmp"
        chmod 700 "$stack/mail" "$stack/mail/cur" "$stack/mail/new" "$stack/mail/tmp"
        ( umask 077; nohup /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$mail_port" -c aiosmtpd.handlers.Mailbox "$stack/mail" \
            >"$stack/mail.log" 2>&1 & echo $! > "$stack/mail.pid" )
        for _ in $(seq 1 50); do (echo > "/dev/tcp/127.0.0.1/$mail_port") 2>/dev/null && break; sleep 0.1; done
    fi
    if ! pid_running "$stack/reservaflowd.pid"; then
        ( umask 077; cd "$root" && set -a && . "$stack/env" && set +a && \
          DATABASE_URL="$DAEMON_DATABASE_URL" SMTP_URL="smtp://127.0.0.1:$mail_port" MAIL_FROM="reservas@demo.reservaflow.test" \
          exec nohup "$bin" --instance "demo@$(hostname)" >"$stack/reservaflowd.log" 2>&1 & echo $! > "$stack/reservaflowd.pid" )
        sleep 0.3
        pid_running "$stack/reservaflowd.pid" || { echo "reservaflowd did not start:" >&2; tail -5 "$stack/reservaflowd.log" >&2; exit 1; }
    fi
    echo "daemon up: reservaflowd (log .stack/reservaflowd.log); demo mail lands in .stack/mail/new (SMTP sink on 127.0.0.1:$mail_port)"
}

# The online channel: the release reservaflow-api on the stack's loopback port.
api_up() {
    [ -f "$stack/env" ] || { echo "stack is not up: run scripts/stack.sh up first" >&2; exit 1; }
    local bin="$root/.build/release/reservaflow-api"
    [ -x "$bin" ] || { echo "no release API server at $bin: run make build first" >&2; exit 1; }
    if ! pid_running "$stack/reservaflow-api.pid"; then
        ( umask 077; cd "$root" && set -a && . "$stack/env" && set +a && DATABASE_URL="$API_DATABASE_URL" && \
          exec nohup "$bin" --host 127.0.0.1 --port "$api_port" >"$stack/reservaflow-api.log" 2>&1 & echo $! > "$stack/reservaflow-api.pid" )
        for _ in $(seq 1 50); do (echo > "/dev/tcp/127.0.0.1/$api_port") 2>/dev/null && break; sleep 0.1; done
        pid_running "$stack/reservaflow-api.pid" || { echo "reservaflow-api did not start:" >&2; tail -5 "$stack/reservaflow-api.log" >&2; exit 1; }
    fi
    echo "API up: http://127.0.0.1:$api_port/api/ (health: http://127.0.0.1:$api_port/health/; log .stack/reservaflow-api.log)"
}

# Stops the background programs named (by their .pid files), politely first.
stop_programs() {
    for p in "$@"; do
        if pid_running "$stack/$p.pid"; then
            kill "$(cat "$stack/$p.pid")"
            for _ in $(seq 1 50); do pid_running "$stack/$p.pid" || break; sleep 0.1; done
            pid_running "$stack/$p.pid" && kill -9 "$(cat "$stack/$p.pid")" 2>/dev/null
        fi
        rm -f "$stack/$p.pid"
    done
}
daemon_down() { stop_programs reservaflow-api reservaflowd mail; }

down() {
    daemon_down
    if pg_running; then as_pg "$pgbin/pg_ctl" -D "$pgdata" -m fast -w stop >/dev/null; fi
    if redis_running; then
        kill "$(cat "$stack/redis.pid")"
        for _ in $(seq 1 50); do redis_running || break; sleep 0.1; done
    fi
    rm -f "$stack/env"
    echo "stack down"
}

status() {
    pg_running && echo "PostgreSQL: running on 127.0.0.1:$pg_port" || echo "PostgreSQL: stopped"
    redis_running && echo "Redis: running on 127.0.0.1:$redis_port" || echo "Redis: stopped"
    pid_running "$stack/reservaflowd.pid" && echo "reservaflowd: running (mail sink on 127.0.0.1:$mail_port)" || echo "reservaflowd: stopped"
    pid_running "$stack/reservaflow-api.pid" && echo "reservaflow-api: running on http://127.0.0.1:$api_port" || echo "reservaflow-api: stopped"
}

# Fault injection (scripts/faults.sh): the paths and users above stay known only here.
pg_crash() { as_pg "$pgbin/pg_ctl" -D "$pgdata" -m immediate -w stop >/dev/null; }

case "${1:-}" in
    up) up ;;
    daemon-up) daemon_up ;;
    daemon-down) daemon_down ;;
    api-up) api_up ;;
    api-down) stop_programs reservaflow-api ;;
    down) down ;;
    status) status ;;
    # Secrets stay out of terminals and logs: passwords are masked (scripts read .stack/env itself).
    env) sed -E -e 's#(://[^:/@]*:)[^@]*@#\1***@#' -e 's#^(LINK_SECRET=).*#\1***#' "$stack/env" ;;
    pg-crash) pg_crash ;;                    # pg_ctl stop -m immediate: no shutdown checkpoint, crash recovery on start
    pg-start|redis-start) up >/dev/null ;;   # `up` starts only what is not running, with the same settings
    redis-pid) cat "$stack/redis.pid" ;;
    *) echo "usage: $0 up|down|status|env|daemon-up|daemon-down|api-up|api-down|pg-crash|pg-start|redis-start|redis-pid" >&2; exit 2 ;;
esac
