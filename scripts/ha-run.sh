#!/usr/bin/env bash
# The high-availability suite (`make test-ha`, issue 18 "survive the database"): the fault suite's clients
# (and some through the API) book on the private HA stack (scripts/ha.sh: three Patroni nodes with a
# synchronous standby, Redis with sentinels) while one fault per round takes the database or Redis away
# from under them. After each round the checker judges the database; the API server and the daemon must
# have lived through every round without a restart. Prints the table; exits 1 unless every round passes
# and nothing had to be restarted.
#
# Settings (environment):
#   HA_QUICK=1                     shorter rounds
#   HA_ROUNDS="leader-node ..."    only these rounds (leader-postmaster leader-node leader-hung switchover
#                                  sync-standby redis-master)
#   HA_CLIENTS=16  HA_API_CLIENTS=4  HA_HANG_BOUND=15 (seconds before an operation counts as hung)
#   HA_HUNG_SECONDS=14             how long leader-hung keeps the leader stopped (more than the 8 s ttl)
#   HA_KEEP=1                      leave the stack, the scratch database and the programs' logs as they are
#   HA_BUILD=0, HA_BIN_DIR=DIR     use binaries already built (in DIR; default .build/release)
set -euo pipefail
umask 077
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"

quick=${HA_QUICK:-0}
clients=${HA_CLIENTS:-16}
api_clients=${HA_API_CLIENTS:-4}
bound=${HA_HANG_BOUND:-15}
hung_s=${HA_HUNG_SECONDS:-14}
all_rounds="leader-postmaster leader-node leader-hung switchover sync-standby redis-master"
rounds=${HA_ROUNDS:-$all_rounds}
bin_dir=${HA_BIN_DIR:-$root/.build/release}
# scripts/ha.sh without the run's lock (fd 9): the servers it starts outlive this script and must not hold it.
ha_() { scripts/ha.sh "$@" 9>&-; }
dir="$root/.ha/run"
db=rf_ha

for r in $rounds; do
    case " $all_rounds " in *" $r "*) ;; *) echo "unknown round $r (rounds: $all_rounds)" >&2; exit 2 ;; esac
done

# The versions this run builds with are the listed ones, or it stops here (scripts/deps-lock.sh).
# shellcheck source=scripts/deps-lock.sh
. scripts/deps-lock.sh
check_dependency_lock
ha_ deps
# One run at a time: two would inject faults into the same cluster and restart each other's nodes.
mkdir -p .ha
exec 9>.ha/ha-run.lock
flock -n 9 || { echo "another scripts/ha-run.sh is running on this checkout" >&2; exit 1; }
ha_ up

if [ "${HA_BUILD:-1}" = 1 ]; then
    echo "Building release binaries (log: .ha/build.log) ..."
    for product in reservaflow reservaflowd reservaflow-api reservaflow-faults; do
        swift build -c release --product "$product" > .ha/build.log 2>&1 || { tail -30 .ha/build.log >&2; exit 1; }
    done
fi
bin="$bin_dir/reservaflow"
dbin="$bin_dir/reservaflowd"
abin="$bin_dir/reservaflow-api"
fbin="$bin_dir/reservaflow-faults"

# .ha/env is KEY=VALUE, not shell: its URLs hold '&' (target_session_attrs=...&connect_timeout=...), which
# `. .ha/env` would run as a background job. Read it line by line instead.
load_env() {
    local line
    while IFS= read -r line; do
        [ -n "$line" ] && export "${line%%=*}=${line#*=}"
    done < .ha/env
}
load_env
export PGOPTIONS="-c client_min_messages=warning"

# The same URL on another database, keeping its hosts and its query (target_session_attrs, connect_timeout):
# "${URL%/*}/db", as faults.sh does, would drop the query and with it read-write targeting.
with_db() {
    local url=$1 db=$2 base query=""
    base=${url%%\?*}
    [ "$base" != "$url" ] && query="?${url#*\?}"
    echo "${base%/*}/$db$query"
}

# psql on a URL, its password passed in the environment: a command line is visible to every user in `ps`.
psql_url() {
    local url=$1; shift
    PGPASSWORD="$(printf '%s' "$url" | sed -E 's#^[a-z]+://[^:/@]*:([^@]*)@.*#\1#')" \
        psql -X "$(printf '%s' "$url" | sed -E 's#^([a-z]+://[^:/@]*):[^@]*@#\1@#')" "$@"
}

# No job control here: each background program gets its own process group (setsid) so that ending it ends
# its children too, and so Ctrl-C reaches it only through the trap.
bg_pids=()
api_pid=""
daemon_pid=""
mail_pid=""
cleanup() {
    local rc=$?
    set +e
    for p in "${bg_pids[@]}" $api_pid $daemon_pid $mail_pid; do
        kill "$p" 2>/dev/null
    done
    sleep 0.5
    for p in "${bg_pids[@]}" $api_pid $daemon_pid $mail_pid; do
        kill -9 "$p" 2>/dev/null
    done
    if [ "${HA_KEEP:-0}" != 1 ]; then
        ha_ heal >/dev/null 2>&1   # a round may have left a node stopped or down: drop the database, then stop all
        psql_url "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1
        ha_ down
    else
        echo "HA_KEEP=1: the stack stays up (scripts/ha.sh status; scripts/ha.sh down), scratch database $db, run files in .ha/run"
    fi
    exit "$rc"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

# A scratch database, migrated as the owner; clients, API and daemon connect as the programs' role.
psql_url "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null
psql_url "$PG_ADMIN_URL" -qc "CREATE DATABASE $db OWNER reservaflow_owner" >/dev/null
export FAULTS_ADMIN_URL; FAULTS_ADMIN_URL=$(with_db "$PG_ADMIN_URL" "$db")
ha_ wait-db "$db"   # libpq gives up at a host that lacks the database instead of trying the next one
psql_url "$FAULTS_ADMIN_URL" -qc "CREATE EXTENSION IF NOT EXISTS btree_gist" >/dev/null
export MIGRATION_DATABASE_URL; MIGRATION_DATABASE_URL=$(with_db "$MIGRATION_DATABASE_URL" "$db")
export DATABASE_URL; DATABASE_URL=$(with_db "$DATABASE_URL" "$db")
# The API and the daemon each as its own role (docs/security.md), as in production.
API_DATABASE_URL=$(with_db "$API_DATABASE_URL" "$db")
DAEMON_DATABASE_URL=$(with_db "$DAEMON_DATABASE_URL" "$db")
"$bin" migrate >/dev/null

rm -rf "$dir"
mkdir -p "$dir"
api_url="http://127.0.0.1:$HA_API_PORT"

now() { date +%s.%N; }
event() { echo "$1 ${2:-$(now)}" >> "$dir/$round.events"; }
note() { echo "note $*" >> "$dir/$round.events"; }
# Runs one scripts/ha.sh step, shows its line and keeps it in the round's notes.
step() {
    local out
    out=$(ha_ "$@") || { echo "round $round: scripts/ha.sh $* failed" | tee -a "$dir/failures" >&2; exit 1; }
    echo "   $out"
    note "$out"
}

# The daemon's mail goes to a sink (Debian's aiosmtpd, as in faults.sh's daemon-kill round).
start_mail() {
    setsid /usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$HA_MAIL_PORT" -c aiosmtpd.handlers.Sink >/dev/null 2>&1 &
    mail_pid=$!
    for _ in $(seq 1 100); do (echo > "/dev/tcp/127.0.0.1/$HA_MAIL_PORT") 2>/dev/null && return 0; sleep 0.1; done
    echo "the mail sink did not start on 127.0.0.1:$HA_MAIL_PORT" >&2; exit 1
}
start_daemon() {
    DATABASE_URL="$DAEMON_DATABASE_URL" SMTP_URL="smtp://127.0.0.1:$HA_MAIL_PORT" MAIL_FROM="ha@reservaflow.test" setsid "$dbin" --instance ha-d --batch 5 --sweep 1 \
        >>"$dir/reservaflowd.log" 2>&1 &
    daemon_pid=$!
    sleep 0.3
    kill -0 "$daemon_pid" 2>/dev/null || { echo "reservaflowd did not start:" >&2; tail -5 "$dir/reservaflowd.log" >&2; exit 1; }
}
health() { [ "$(curl -s -o /dev/null -w '%{http_code}' --max-time 2 "$api_url/health/" 2>/dev/null)" = 200 ]; }
wait_health() {
    local seconds=$1 t0; t0=$(date +%s)
    while [ $(( $(date +%s) - t0 )) -lt "$seconds" ]; do health && return 0; sleep 0.2; done
    return 1
}
# Rate limits off, as in faults.sh: every client comes from one address, and a 429 is no answer to judge.
start_api() {
    DATABASE_URL="$API_DATABASE_URL" setsid "$abin" --host 127.0.0.1 --port "$HA_API_PORT" --bookings-per-guest 0 --bookings-per-address 0 \
        --auth-per-address 0 --requests-per-address 0 >>"$dir/reservaflow-api.log" 2>&1 &
    api_pid=$!
    wait_health 30 || { echo "reservaflow-api did not answer $api_url/health/ within 30 s:" >&2; tail -5 "$dir/reservaflow-api.log" >&2; exit 1; }
}

# After healing: the API and the daemon must be the same processes, and the API must answer /health/ with
# 200 within 15 s. Whatever is not is restarted and counted in <round>.restarts.
check_programs() {
    local restarts=0
    if ! kill -0 "$api_pid" 2>/dev/null; then
        note "reservaflow-api (pid $api_pid) exited during the round: restarted"; start_api; restarts=$((restarts + 1))
    elif ! wait_health 15; then
        note "reservaflow-api (pid $api_pid) did not answer /health/ with 200 within 15 s after healing: restarted"
        kill "$api_pid" 2>/dev/null; sleep 1; kill -9 "$api_pid" 2>/dev/null || true
        start_api; restarts=$((restarts + 1))
    fi
    if ! kill -0 "$daemon_pid" 2>/dev/null; then
        note "reservaflowd (pid $daemon_pid) exited during the round: restarted"; start_daemon; restarts=$((restarts + 1))
    fi
    echo "$restarts" > "$dir/$round.restarts"
    [ "$restarts" = 0 ] || echo "   $restarts program(s) had to be restarted (see $round.events)"
}

# Starts the round's clients and waits until they are connected and the clock starts.
start_load() {
    round=$1
    local seconds=$2
    rm -f "$dir/$round.ready"
    "$fbin" load --round "$round" --dir "$dir" --seconds "$seconds" --clients "$clients" --hang-bound "$bound" \
        --api-url "$api_url" --api-clients "$api_clients" &
    load_pid=$!
    bg_pids+=("$load_pid")
    for _ in $(seq 1 600); do
        [ -f "$dir/$round.ready" ] && return 0
        kill -0 "$load_pid" 2>/dev/null || { echo "round $round: the clients did not start" >&2; exit 1; }
        sleep 0.05
    done
    echo "round $round: the clients did not start within 30 s" >&2
    exit 1
}

# Heals the stack (waits for three healthy members, a synchronous standby and Redis with its replica),
# checks the programs, waits for the load, checks the round.
finish_round() {
    step heal
    note "healed $(now)"
    check_programs
    wait "$load_pid" || { echo "round $round: the load program failed" | tee -a "$dir/failures" >&2; exit 1; }
    "$fbin" check --dir "$dir" --round "$round" || true
}

if [ "$quick" = 1 ]; then pre=4; post=6; else pre=6; post=12; fi

round_leader_postmaster() {
    echo "== leader-postmaster: kill -9 of the leader's postmaster (Patroni restarts it in place)"
    start_load leader-postmaster $((pre + 15 + post))
    sleep "$pre"
    event fault_start
    step kill-leader-postmaster
    step heal
    event fault_end
    finish_round
}

round_leader_node() {
    local down=15
    echo "== leader-node: the leader's machine lost (kill -9 of Patroni and PostgreSQL); back as a replica after $down s"
    start_load leader-node $((pre + down + 15 + post))
    sleep "$pre"
    event fault_start
    local l; l=$(ha_ leader)
    step kill-leader-node
    sleep "$down"
    step restart-node "$l"
    event fault_end
    finish_round
}

round_leader_hung() {
    echo "== leader-hung: the leader's Patroni and PostgreSQL SIGSTOPped for $hung_s s (ttl 8 s), then SIGCONT: it must demote itself"
    start_load leader-hung $((pre + hung_s + 15 + post))
    sleep "$pre"
    event fault_start
    local l; l=$(ha_ leader)
    step stop-leader
    sleep "$hung_s"
    step cont-node "$l"
    event fault_end
    finish_round
    # The old leader must not be leader again by its own doing: only a promotion of the standby is right.
    local now_leader; now_leader=$(ha_ leader)
    note "leader before: $l, after: $now_leader"
}

round_switchover() {
    echo "== switchover: planned switchover to the synchronous standby"
    start_load switchover $((pre + 10 + post))
    sleep "$pre"
    event fault_start
    step switchover
    event fault_end
    finish_round
}

round_sync_standby() {
    local down=10
    echo "== sync-standby: the synchronous standby's machine lost; back after $down s"
    start_load sync-standby $((pre + down + 15 + post))
    sleep "$pre"
    event fault_start
    local s; s=$(ha_ sync-standby)
    step kill-sync-standby
    sleep "$down"
    step restart-node "$s"
    event fault_end
    finish_round
}

round_redis_master() {
    local down=8
    echo "== redis-master: kill -9 of the Redis master (the sentinels promote the replica); back as a replica after $down s"
    start_load redis-master $((pre + down + 10 + post))
    sleep "$pre"
    event fault_start
    step kill-redis-master
    sleep "$down"
    step restart-redis
    event fault_end
    finish_round
}

start_mail
start_daemon
start_api
echo "HA suite: $clients clients + $api_clients through the API ($api_url), hang bound ${bound} s, scratch database $db, run files in .ha/run"
echo "   leader $(ha_ leader), synchronous standby $(ha_ sync-standby)"
for r in $rounds; do
    echo "$r" >> "$dir/rounds"   # the order of the table
    round=$r
    ha_ heal >/dev/null          # every round starts from three healthy nodes and a Redis master with a replica
    case "$r" in
        leader-postmaster) round_leader_postmaster ;;
        leader-node) round_leader_node ;;
        leader-hung) round_leader_hung ;;
        switchover) round_switchover ;;
        sync-standby) round_sync_standby ;;
        redis-master) round_redis_master ;;
    esac
done

echo
echo "HA suite, $(date -u '+%Y-%m-%d %H:%M UTC'), $(git rev-parse --short HEAD 2>/dev/null || echo '?'), $clients clients + $api_clients API clients, hang bound ${bound} s"
set +e
"$fbin" check --dir "$dir" --results-json "$root/.ha/results.json" | tee "$dir/table.txt"
rc=${PIPESTATUS[0]}
set -e
restarts=0
for r in $rounds; do restarts=$((restarts + $(cat "$dir/$r.restarts" 2>/dev/null || echo 0))); done
if [ "$restarts" -gt 0 ]; then
    echo "the API server or the daemon had to be restarted $restarts time(s): the programs must ride out these faults"
    rc=1
fi
if [ -s "$dir/failures" ]; then
    cat "$dir/failures"
    rc=1
fi
exit "$rc"
