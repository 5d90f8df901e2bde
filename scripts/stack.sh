#!/usr/bin/env bash
# A private PostgreSQL + Redis for this checkout: data under .stack/, loopback ports derived from the
# checkout's path (two checkouts do not collide), generated passwords in .stack/env (mode 600).
#   scripts/stack.sh up | down | status | env
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

pg_running() { [ -f "$pgdata/postmaster.pid" ] && as_pg "$pgbin/pg_ctl" -D "$pgdata" status >/dev/null 2>&1; }
redis_running() { [ -f "$stack/redis.pid" ] && kill -0 "$(cat "$stack/redis.pid")" 2>/dev/null; }

up() {
    mkdir -p "$stack"
    chmod 755 "$stack"
    if [ ! -f "$stack/secrets" ]; then
        umask 077
        printf 'PG_PASSWORD=%s\nREDIS_PASSWORD=%s\n' "$(head -c 18 /dev/urandom | base64 | tr -d '/+=')" \
            "$(head -c 18 /dev/urandom | base64 | tr -d '/+=')" > "$stack/secrets"
        umask 022
    fi
    # shellcheck disable=SC1091
    . "$stack/secrets"
    if [ ! -f "$pgdata/PG_VERSION" ]; then
        mkdir -p "$pgdata"
        [ "$(id -u)" -eq 0 ] && chown "$pg_user_os" "$pgdata"
        pwfile=$(mktemp)
        printf '%s\n' "$PG_PASSWORD" > "$pwfile"
        chmod 644 "$pwfile"
        as_pg "$pgbin/initdb" -D "$pgdata" -U reservaflow --pwfile="$pwfile" --auth=scram-sha-256 \
            -E UTF8 --locale=C.UTF-8 >"$stack/initdb.log" 2>&1 || { cat "$stack/initdb.log" >&2; rm -f "$pwfile"; exit 1; }
        rm -f "$pwfile"
    fi
    if ! pg_running; then
        mkdir -p "$pgrun"
        [ "$(id -u)" -eq 0 ] && chown "$pg_user_os" "$pgrun"
        touch "$pglog"
        [ "$(id -u)" -eq 0 ] && chown "$pg_user_os" "$pglog"
        as_pg "$pgbin/pg_ctl" -D "$pgdata" -l "$pglog" -w -t 30 start -o \
            "-p $pg_port -c listen_addresses=127.0.0.1 -k $pgrun -c max_connections=200 -c synchronous_commit=off -c shared_buffers=128MB" >/dev/null \
            || { tail -20 "$pglog" >&2; exit 1; }
    fi
    if ! redis_running; then
        mkdir -p "$stack/redis"
        redis-server --port "$redis_port" --bind 127.0.0.1 --daemonize yes --dir "$stack/redis" \
            --pidfile "$stack/redis.pid" --logfile "$stack/redis.log" --save "" --appendonly no \
            --requirepass "$REDIS_PASSWORD" >/dev/null
        for _ in $(seq 1 50); do redis_running && break; sleep 0.1; done
    fi
    ensure_database reservaflow
    umask 077
    cat > "$stack/env" <<ENV
DATABASE_URL=postgresql://reservaflow:$PG_PASSWORD@127.0.0.1:$pg_port/reservaflow
REDIS_URL=redis://:$REDIS_PASSWORD@127.0.0.1:$redis_port/0
PG_ADMIN_URL=postgresql://reservaflow:$PG_PASSWORD@127.0.0.1:$pg_port/postgres
ENV
    umask 022
    echo "stack up: PostgreSQL on 127.0.0.1:$pg_port, Redis on 127.0.0.1:$redis_port (settings in .stack/env)"
}

ensure_database() {
    . "$stack/secrets"
    local exists
    exists=$(PGPASSWORD="$PG_PASSWORD" psql -h 127.0.0.1 -p "$pg_port" -U reservaflow -d postgres -Atc \
        "SELECT 1 FROM pg_database WHERE datname = '$1'")
    [ "$exists" = "1" ] || PGPASSWORD="$PG_PASSWORD" psql -q -h 127.0.0.1 -p "$pg_port" -U reservaflow -d postgres -c "CREATE DATABASE $1" >/dev/null
}

down() {
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
}

# Fault injection (scripts/faults.sh): the paths and users above stay known only here.
pg_crash() { as_pg "$pgbin/pg_ctl" -D "$pgdata" -m immediate -w stop >/dev/null; }

case "${1:-}" in
    up) up ;;
    down) down ;;
    status) status ;;
    env) cat "$stack/env" ;;
    pg-crash) pg_crash ;;                    # pg_ctl stop -m immediate: no shutdown checkpoint, crash recovery on start
    pg-start|redis-start) up >/dev/null ;;   # `up` starts only what is not running, with the same settings
    redis-pid) cat "$stack/redis.pid" ;;
    *) echo "usage: $0 up|down|status|env|pg-crash|pg-start|redis-start|redis-pid" >&2; exit 2 ;;
esac
