#!/usr/bin/env bash
# The fault suite (`make test-faults`, docs/faults.md): rounds of concurrent clients booking, moving,
# cancelling, seating and completing on a handful of tables while one fault is injected per round; after
# each round the checker reads the database and judges it. Some clients go through reservaflow-api over
# HTTP (api-kill, pg-restart-api, and pg-crash / pg-terminate). Prints the table; exits 1 unless every
# round passes (0 lost, 0 phantom, 0 duplicates, 0 unresolved, 0 outbox rows lost, 0 overlaps, no client
# hung past the bound).
#
# Settings (environment):
#   FAULTS_QUICK=1                  shorter rounds (about five minutes in all; Redis is stopped for less than the lease TTL)
#   FAULTS_ROUNDS="pg-crash ..."    only these rounds (baseline redis-stop redis-kill pg-crash pg-terminate client-stop
#                                   daemon-kill api-kill pg-restart-api)
#   FAULTS_CLIENTS=32               concurrent clients        FAULTS_HANG_BOUND=15   seconds before an operation counts as hung
#   FAULTS_API_CLIENTS=8            of those, how many talk to reservaflow-api in the API rounds (0: none in pg-crash and
#                                   pg-terminate; api-kill and pg-restart-api always have at least one)
#   FAULTS_SETTLE_SECONDS=15        how long after a round an API client may still retry an unknown answer with its key
#                                   (default: the hang bound)
#   FAULTS_ROUND_SECONDS=24         length of a plain round   FAULTS_PG_CRASHES=3    immediate stops in the pg-crash round
#   FAULTS_SYNCHRONOUS_COMMIT=on|off  force it for the scratch database (default: as the server is configured)
#   FAULTS_KEEP=1                   keep the scratch database rf_faults afterwards (journals stay in .stack/faults)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# The versions this run builds with are the listed ones, or it stops here (scripts/deps-lock.sh).
# shellcheck source=scripts/deps-lock.sh
. scripts/deps-lock.sh
check_dependency_lock

quick=${FAULTS_QUICK:-0}
clients=${FAULTS_CLIENTS:-32}
bound=${FAULTS_HANG_BOUND:-15}
if [ "$quick" = 1 ]; then default_round=10; default_crashes=2; else default_round=24; default_crashes=3; fi
round_s=${FAULTS_ROUND_SECONDS:-$default_round}
pg_crashes=${FAULTS_PG_CRASHES:-$default_crashes}
lease_ttl=60   # LeaseManager.defaultTTLMillis
api_clients=${FAULTS_API_CLIENTS:-8}
settle=${FAULTS_SETTLE_SECONDS:-$bound}
# The API clients are part of the FAULTS_CLIENTS total; at least one core client stays.
[ "$api_clients" -ge "$clients" ] && api_clients=$((clients - 1))
api_round_clients=$(( api_clients > 0 ? api_clients : 1 ))
all_rounds="baseline redis-stop redis-kill pg-crash pg-terminate client-stop daemon-kill api-kill pg-restart-api"
rounds=${FAULTS_ROUNDS:-$all_rounds}
db=rf_faults
dir="$root/.stack/faults"

# Captured first: piping into `grep -q` would end stack.sh with SIGPIPE, which pipefail reports as failure.
status=$(scripts/stack.sh status)
started=0
case "$status" in
    *"PostgreSQL: running"*"Redis: running"*) ;;
    *) started=1 ;;
esac
scripts/stack.sh up

echo "Building release binaries (log: .stack/faults-build.log) ..."
for product in reservaflow reservaflowd reservaflow-api reservaflow-faults; do
    swift build -c release --product "$product" > .stack/faults-build.log 2>&1 || { tail -30 .stack/faults-build.log >&2; exit 1; }
done
bin="$root/.build/release/reservaflow"
fbin="$root/.build/release/reservaflow-faults"
dbin="$root/.build/release/reservaflowd"
abin="$root/.build/release/reservaflow-api"

set -a
# shellcheck disable=SC1091
. .stack/env
set +a
export PGOPTIONS="-c client_min_messages=warning"

bg_pids=()
cleanup() {
    local rc=$?
    # Whatever a round was doing when it ended: resume Redis, end our helpers, restart what is down.
    kill -CONT "$(scripts/stack.sh redis-pid 2>/dev/null)" 2>/dev/null || true
    for p in "${bg_pids[@]}"; do kill -9 "$p" 2>/dev/null || true; done
    scripts/stack.sh up >/dev/null 2>&1 || true
    if [ "${FAULTS_KEEP:-0}" != 1 ]; then
        psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true
    fi
    if [ "$started" -eq 1 ]; then scripts/stack.sh down; fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A scratch database, so the demo data is untouched.
psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
# Owned by the schema owner and migrated as it; the clients connect as the programs' role, as in production.
psql "$PG_ADMIN_URL" -qc "CREATE DATABASE $db OWNER reservaflow_owner" >/dev/null
psql "${PG_ADMIN_URL%/*}/$db" -qc "CREATE EXTENSION IF NOT EXISTS btree_gist" >/dev/null
export MIGRATION_DATABASE_URL="${MIGRATION_DATABASE_URL%/*}/$db"
export DATABASE_URL="${DATABASE_URL%/*}/$db"
# The API and the daemon each as its own role (docs/security.md), as in production.
API_DATABASE_URL="${API_DATABASE_URL%/*}/$db"
DAEMON_DATABASE_URL="${DAEMON_DATABASE_URL%/*}/$db"
"$bin" migrate >/dev/null
export FAULTS_ADMIN_URL="${PG_ADMIN_URL%/*}/$db"
if [ -n "${FAULTS_SYNCHRONOUS_COMMIT:-}" ]; then
    case "$FAULTS_SYNCHRONOUS_COMMIT" in on|off) ;; *) echo "FAULTS_SYNCHRONOUS_COMMIT is on or off" >&2; exit 2 ;; esac
    # A database setting beats the server's command line for every new session on that database.
    psql "$PG_ADMIN_URL" -qc "ALTER DATABASE $db SET synchronous_commit = $FAULTS_SYNCHRONOUS_COMMIT" >/dev/null
fi
rm -rf "$dir"
mkdir -p "$dir"

now() { date +%s.%N; }
event() { echo "$1 ${2:-$(now)}" >> "$dir/$round.events"; }
note() { echo "note $*" >> "$dir/$round.events"; }
# The round fails, whatever the checker finds in the database (it reads these lines too).
fail_round() { echo "fail $*" >> "$dir/$round.events"; }

# Starts the round's clients and waits until they are connected and the clock starts. A third argument
# gives that many of the FAULTS_CLIENTS to reservaflow-api (started with start_api) instead of the core.
start_load() {
    round=$1
    local seconds=$2
    local api_n=${3:-0}
    local core=$clients
    local extra=()
    if [ "$api_n" -gt 0 ]; then
        core=$((clients - api_n))
        extra=(--api-url "http://127.0.0.1:$api_port" --api-clients "$api_n" --settle-seconds "$settle")
    fi
    rm -f "$dir/$round.ready"
    "$fbin" load --round "$round" --dir "$dir" --seconds "$seconds" --clients "$core" --hang-bound "$bound" "${extra[@]}" &
    load_pid=$!
    bg_pids+=("$load_pid")
    for _ in $(seq 1 1200); do
        [ -f "$dir/$round.ready" ] && return 0
        kill -0 "$load_pid" 2>/dev/null || { echo "round $round: the clients did not start" >&2; exit 1; }
        sleep 0.05
    done
    echo "round $round: the clients did not start within 60 s" >&2
    exit 1
}

wait_load() {
    wait "$load_pid" || { echo "round $round: the load program failed" >&2; exit 1; }
}

check_round() {
    # One line now; the full table at the end, when every round is checked again.
    "$fbin" check --dir "$dir" --round "$round" || true
}

finish_round() {
    wait_load
    check_round
}

# reservaflow-api on a free loopback port, with the scratch database's settings (exported above) and the
# rate limits off (every client comes from one address, as in `make bench`). Waits for /health/ 200.
free_port() { /usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])'; }
api_health() { curl -s -o /dev/null -m 3 -w '%{http_code}' "http://127.0.0.1:$api_port/health/" 2>/dev/null || true; }
# Alive and not a zombie (a child killed but not yet waited for still answers kill -0).
api_alive() {
    local state
    state=$(awk '/^State:/ {print $2}' "/proc/$1/status" 2>/dev/null || true)
    [ -n "$state" ] && [ "$state" != Z ]
}
start_api() {
    DATABASE_URL="$API_DATABASE_URL" "$abin" --host 127.0.0.1 --port "$api_port" --bookings-per-guest 0 --bookings-per-address 0 --auth-per-address 0 \
        --requests-per-address 0 >>"$dir/$round.api.log" 2>&1 &
    api_pid=$!
    bg_pids+=("$api_pid")
    for _ in $(seq 1 300); do
        [ "$(api_health)" = 200 ] && return 0
        api_alive "$api_pid" || { echo "round $round: reservaflow-api did not start: $(tail -3 "$dir/$round.api.log")" >&2; exit 1; }
        sleep 0.1
    done
    echo "round $round: reservaflow-api was not healthy within 30 s (log: $dir/$round.api.log)" >&2
    exit 1
}
stop_api() {
    kill "$api_pid" 2>/dev/null || true
    wait "$api_pid" 2>/dev/null || true
}

redis_pid() { scripts/stack.sh redis-pid; }

round_baseline() {
    echo "== baseline: no fault (${round_s} s)"
    start_load baseline "$round_s"
    finish_round
}

round_redis_stop() {
    local stop=$((lease_ttl + 5))
    [ "$quick" = 1 ] && stop=8
    echo "== redis-stop: Redis SIGSTOP for $stop s (lease TTL ${lease_ttl} s), then SIGCONT"
    start_load redis-stop $((stop + 10))
    [ "$quick" = 1 ] && note "quick run: Redis stopped for $stop s, less than the ${lease_ttl} s lease TTL"
    sleep 3
    kill -STOP "$(redis_pid)"
    event fault_start
    sleep "$stop"
    kill -CONT "$(redis_pid)"
    event fault_end
    finish_round
}

round_redis_kill() {
    local kills=2
    [ "$quick" = 1 ] && kills=1
    echo "== redis-kill: Redis kill -9 and restart, $kills time(s)"
    start_load redis-kill $((kills * 9 + 4))
    for _ in $(seq 1 "$kills"); do
        sleep 3
        kill -9 "$(redis_pid)"
        event fault_start
        sleep 3
        scripts/stack.sh redis-start
        event fault_end
        sleep 3
    done
    finish_round
}

round_pg_crash() {
    round=pg-crash
    echo "== pg-crash: PostgreSQL stopped with -m immediate and restarted, $pg_crashes times ($api_clients of the clients through reservaflow-api)"
    if [ "$api_clients" -gt 0 ]; then api_port=$(free_port); start_api; fi
    start_load pg-crash $((pg_crashes * 8 + 4)) "$api_clients"
    for _ in $(seq 1 "$pg_crashes"); do
        sleep 4
        scripts/stack.sh pg-crash
        event fault_start
        sleep 1
        scripts/stack.sh pg-start
        event fault_end
    done
    finish_round
    if [ "$api_clients" -gt 0 ]; then stop_api; fi
}

round_pg_terminate() {
    local every=2
    local times=$(( (round_s - 4) / every ))
    round=pg-terminate
    echo "== pg-terminate: every client backend terminated, $times times, $every s apart ($api_clients of the clients through reservaflow-api)"
    if [ "$api_clients" -gt 0 ]; then api_port=$(free_port); start_api; fi
    start_load pg-terminate "$round_s" "$api_clients"
    sleep 2
    event fault_start
    for _ in $(seq 1 "$times"); do
        PGOPTIONS="-c client_min_messages=error" psql "$FAULTS_ADMIN_URL" -Atqc "SELECT count(pg_terminate_backend(pid)) FROM pg_stat_activity
            WHERE datname = current_database() AND pid <> pg_backend_pid() AND backend_type = 'client backend'" >/dev/null
        sleep "$every"
    done
    event fault_end
    finish_round
    if [ "$api_clients" -gt 0 ]; then stop_api; fi
}

round_client_stop() {
    local stall=$((bound + 5))
    echo "== client-stop: a client SIGSTOPped inside its booking transaction on T1 for $stall s"
    start_load client-stop $((stall + 12))
    sleep 3
    rm -f "$dir/client-stop.stall-ready" "$dir/client-stop.stall-release"
    "$fbin" stall --round client-stop --dir "$dir" --table T1 > "$dir/client-stop.stall-out" 2>&1 &
    local stall_pid=$!
    bg_pids+=("$stall_pid")
    for _ in $(seq 1 200); do [ -f "$dir/client-stop.stall-ready" ] && break; sleep 0.05; done
    if [ ! -f "$dir/client-stop.stall-ready" ]; then
        note "the stalling client never got its transaction open: $(tr '\n' ' ' < "$dir/client-stop.stall-out")"
    fi
    kill -STOP "$stall_pid"
    event fault_start
    echo "stalled_table T1" >> "$dir/$round.events"
    echo "require_progress" >> "$dir/$round.events"
    sleep "$stall"
    touch "$dir/client-stop.stall-release"
    kill -CONT "$stall_pid"
    event fault_end
    for _ in $(seq 1 100); do kill -0 "$stall_pid" 2>/dev/null || break; sleep 0.05; done
    kill -9 "$stall_pid" 2>/dev/null || true
    wait "$stall_pid" 2>/dev/null || true
    note "stalled client on resuming: $(tr '\n' ' ' < "$dir/client-stop.stall-out")"
    finish_round
}

# The daemon killed with SIGKILL while it sends the round's confirmations, then restarted under the same
# instance name. Afterwards every mail that was due must be sent: none stuck running, none lost.
round_daemon_kill() {
    echo "== daemon-kill: reservaflowd killed with SIGKILL mid-batch during the load, then restarted (${round_s} s)"
    local port
    port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
    /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Sink >/dev/null 2>&1 &
    bg_pids+=("$!")
    for _ in $(seq 1 100); do (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
    start_daemon() {
        DATABASE_URL="$DAEMON_DATABASE_URL" SMTP_URL="smtp://127.0.0.1:$port" MAIL_FROM="faults@reservaflow.test" "$dbin" --instance faults-d --batch 5 --sweep 1 \
            >>"$dir/daemon-kill.daemon.log" 2>&1 &
        daemon_pid=$!
        bg_pids+=("$daemon_pid")
    }
    start_daemon
    start_load daemon-kill "$round_s"
    sleep $((round_s / 3))
    event fault_start
    kill -9 "$daemon_pid"
    wait "$daemon_pid" 2>/dev/null || true
    sleep 1
    start_daemon
    event fault_end
    wait_load
    # Everything due is sent within a bounded time, by the restarted instance.
    local stuck=""
    for _ in $(seq 1 600); do
        stuck=$(psql "$FAULTS_ADMIN_URL" -Atc "SELECT count(*) FROM notifications WHERE scheduled_for <= now() AND status IN ('scheduled', 'retryable', 'running')")
        [ "$stuck" = 0 ] && break
        sleep 0.1
    done
    local sent discarded
    sent=$(psql "$FAULTS_ADMIN_URL" -Atc "SELECT count(*) FROM notifications WHERE status = 'completed'")
    discarded=$(psql "$FAULTS_ADMIN_URL" -Atc "SELECT count(*) FROM notifications WHERE status = 'discarded'")
    kill "$daemon_pid" 2>/dev/null || true
    note "outbox after the kill and restart: $sent sent, $discarded discarded, $stuck due but unsent after 60 s"
    if [ "$stuck" != 0 ] || [ "$discarded" != 0 ]; then
        fail_round "$stuck mails due but unsent, $discarded discarded after the daemon's restart"
    fi
    check_round
}

# reservaflow-api killed with SIGKILL while API clients book through it (beside core clients), restarted
# on the same port 1 s later. Every 2xx must be in the database; every answer the kill cut off is settled
# by its client retrying with the same Idempotency-Key, and no key makes two reservations.
round_api_kill() {
    round=api-kill
    echo "== api-kill: reservaflow-api killed with SIGKILL mid-load, restarted 1 s later; $api_round_clients API clients and $((clients - api_round_clients)) core clients (${round_s} s)"
    api_port=$(free_port)
    start_api
    start_load api-kill "$round_s" "$api_round_clients"
    sleep $((round_s / 3))
    kill -9 "$api_pid"
    event fault_start
    wait "$api_pid" 2>/dev/null || true
    sleep 1
    start_api
    event fault_end
    note "reservaflow-api killed with SIGKILL and restarted (now pid $api_pid)"
    finish_round
    stop_api
}

# PostgreSQL crashed and restarted twice under API and core clients; the API is started once and never
# restarted. It passes only if the API recovers by itself: 2xx answers again after the last restart, the
# same process throughout, /health/ 200 at the end (and, as everywhere, every unknown settled).
round_pg_restart_api() {
    local crashes=2
    round=pg-restart-api
    echo "== pg-restart-api: PostgreSQL crashed and restarted $crashes times; reservaflow-api never restarted; $api_round_clients API clients and $((clients - api_round_clients)) core clients"
    api_port=$(free_port)
    start_api
    local first_pid=$api_pid
    # pg-start can take several seconds (crash recovery, then the rest of `stack.sh up`): 12 s a crash, and
    # 12 s more, so the load goes on well after the last restart and the API has time to show it is back.
    start_load pg-restart-api $((crashes * 12 + 12)) "$api_round_clients"
    echo "require_api_progress" >> "$dir/$round.events"
    for _ in $(seq 1 "$crashes"); do
        sleep 4
        scripts/stack.sh pg-crash
        event fault_start
        sleep 1
        scripts/stack.sh pg-start
        event fault_end
    done
    wait_load
    if ! api_alive "$first_pid"; then
        fail_round "reservaflow-api (pid $first_pid) did not survive the round: $(tail -2 "$dir/$round.api.log" | tr '\n' ' ')"
    else
        local code
        code=$(api_health)
        if [ "$code" = 200 ]; then
            note "reservaflow-api: same process (pid $first_pid) throughout, /health/ 200 at the end"
        else
            fail_round "reservaflow-api (pid $first_pid, never restarted) answered /health/ with $code at the end, not 200"
        fi
    fi
    check_round
    stop_api
}

echo "Fault suite: $clients clients ($api_clients through reservaflow-api in the API rounds), hang bound ${bound} s, scratch database $db, run files in .stack/faults"
for r in $rounds; do
    echo "$r" >> "$dir/rounds"   # the order of the table
    case "$r" in
        baseline) round_baseline ;;
        redis-stop) round_redis_stop ;;
        redis-kill) round_redis_kill ;;
        pg-crash) round_pg_crash ;;
        pg-terminate) round_pg_terminate ;;
        client-stop) round_client_stop ;;
        daemon-kill) round_daemon_kill ;;
        api-kill) round_api_kill ;;
        pg-restart-api) round_pg_restart_api ;;
        *) echo "unknown round $r (rounds: $all_rounds)" >&2; exit 2 ;;
    esac
done

echo
echo "Fault suite, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $clients clients, hang bound ${bound} s"
set +e
"$fbin" check --dir "$dir" --results-json "$dir/results.json" | tee "$dir/table.txt"
rc=${PIPESTATUS[0]}
set -e
exit "$rc"
