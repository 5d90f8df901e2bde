#!/usr/bin/env bash
# `make bench`: every figure beside a ceiling measured in the same run, on the private stack (durable commits).
#   1. a scratch database (rf_bench): fresh schema migrated as the owner role, the demo venue;
#   2. here, through real processes: 8 concurrent `reservaflow book` loops, and the TUI in tmux (login,
#      sign-in, bytes per cursor move / booking appearing / day change, key to screen, live update, memory);
#   3. scripts/bench-daemon.sh and scripts/bench-api.sh: the daemon, and the REST API under wrk and hey;
#   4. reservaflow-bench (release): generates the rest of the data set-based as the owner (bench venues and
#      100 venues with a year of history) and runs the scenarios in-process beside pgbench and raw round trips;
#      prints one table and writes .bench/results.json (docs/benchmarks.md explains every row).
# BENCH_QUICK=1: fewer and shorter runs and two weeks of history (under 3 minutes once built).
# BENCH_ONLY=book,contended,...: some in-process groups only (see Sources/reservaflow-bench/main.swift).
# BENCH_REUSE_DATA=1 (reservaflow-bench alone): time a database that already holds the data (docs/benchmarks.md).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# The versions this run builds with are the listed ones, or it stops here (scripts/deps-lock.sh).
# shellcheck source=scripts/deps-lock.sh
. scripts/deps-lock.sh
check_dependency_lock
quick=0
case "${BENCH_QUICK:-}" in 1|yes|true) quick=1 ;; esac
out="$root/.bench"
mkdir -p "$out"
extra="$out/extra.jsonl"
: > "$extra"

# The stack is stopped again at the end if this run started it, as `make test` does.
status=$(scripts/stack.sh status)
started=0
case "$status" in
    *"PostgreSQL: running"*"Redis: running"*) ;;
    *) started=1 ;;
esac
stop_stack() { if [ "$started" -eq 1 ]; then scripts/stack.sh down >/dev/null 2>&1 || true; fi; }
trap stop_stack EXIT
scripts/stack.sh up >/dev/null
# One build at a time (the machine is shared); a failed build fails the run.
for product in reservaflow reservaflow-bench; do
    if ! log=$(swift build -c release --product "$product" 2>&1); then
        printf '%s\n' "$log" | tail -30 >&2
        echo "bench: the release build of $product failed" >&2
        exit 1
    fi
done
bin="$root/.build/release/reservaflow"
set -a; . .stack/env; set +a

# Passwords travel in the environment, never in arguments (`ps` shows those to every user).
url_nopw() { printf '%s' "$1" | sed -E 's#(://[^:/@]*):[^@]*@#\1@#'; }
url_pw() { printf '%s' "$1" | sed -E 's#^[^:]*://[^:/@]*:([^@]*)@.*#\1#'; }
pg() { local url=$1; shift; PGPASSWORD="$(url_pw "$url")" psql -X -q -v ON_ERROR_STOP=1 "$(url_nopw "$url")" "$@"; }

db=rf_bench
admin="$PG_ADMIN_URL"
export PGOPTIONS="-c client_min_messages=warning"
drop_db() { pg "$admin" -c "DROP DATABASE IF EXISTS $db WITH (FORCE)" >/dev/null 2>&1 || true; }
finish() { drop_db; stop_stack; }
drop_db
trap finish EXIT
pg "$admin" -c "CREATE DATABASE $db OWNER reservaflow_owner" >/dev/null
pg "${admin%/*}/$db" -c "CREATE EXTENSION IF NOT EXISTS btree_gist" >/dev/null
export DATABASE_URL="${DATABASE_URL%/*}/$db"
export MIGRATION_DATABASE_URL="${MIGRATION_DATABASE_URL%/*}/$db"
"$bin" migrate >/dev/null  # as the schema's owner; everything after runs as the programs' role
"$bin" seed --demo --reset >/dev/null

export BENCH_EXTRA="$extra"
# shellcheck source=scripts/bench-lib.sh
. scripts/bench-lib.sh

echo "== The CLI: a process per booking"
loops=8
per_loop=${BENCH_BOOKINGS_PER_LOOP:-$([ $quick -eq 1 ] && echo 10 || echo 40)}
tmp=$(mktemp -d)
start=$(date +%s.%N)
for l in $(seq 1 $loops); do
    (
        ok=0; taken=0
        for i in $(seq 1 "$per_loop"); do
            # Loops share days and times so some attempts collide: conflicts are part of the load.
            day=$(( 2 + (i % 20) ))
            date=$(date -d "+$day days" +%F)
            hh=$(( 19 + (i + l) % 3 )); mm=$(( (i * 15 + l * 15) % 60 ))
            # Odd loops name one of four tables, so those attempts contend for the same rows.
            table=(); if [ $((l % 2)) -eq 1 ]; then table=(--table "T$(( 1 + i % 4 ))"); fi
            if "$bin" book --restaurant demo "${table[@]}" --date "$date" --time "$(printf '%02d:%02d' $hh $mm)" --party $(( 1 + (i + l) % 4 )) \
                --name "Bench $l-$i" --phone "+3460$(printf '%07d' $(( l * 1000 + i )))" >/dev/null 2>&1; then ok=$((ok + 1)); else taken=$((taken + 1)); fi
        done
        echo "$ok $taken" > "$tmp/$l"
    ) &
done
wait
end=$(date +%s.%N)
ok=$(awk '{s+=$1} END {print s}' "$tmp"/*)
refused=$(awk '{s+=$2} END {print s}' "$tmp"/*)
rm -rf "$tmp"
record "book, CLI, 8 concurrent loops (a process per booking, some collide)" "$(awk -v s="$start" -v e="$end" -v ok="$ok" 'BEGIN { printf "%.1f", ok / (e - s) }')" "bookings/s" "book, no contention, 8 clients"
record "book, CLI, 8 concurrent loops: attempts refused (taken, no table)" "$refused" "attempts"
overlaps=$(pg "$DATABASE_URL" -Atc "WITH held AS (SELECT r.id, r.period, t AS table_id FROM reservations r, unnest(r.table_id || r.joined_table_ids) AS t WHERE r.status IN ('pending','confirmed','seated')) SELECT count(*) FROM held a JOIN held b ON a.table_id = b.table_id AND a.id < b.id AND a.period && b.period")
[ "$overlaps" = "0" ] || { echo "BENCHMARK FAILED: $overlaps overlapping live reservations after the CLI loops" >&2; exit 1; }

# The TUI through a real terminal (tmux at 160x48): time to the login screen, sign-in to the day shown
# (argon2id check and the day's load included), bytes written per cursor move, for a booking appearing and
# for a day change, key press to changed screen, a CLI booking appearing, resident memory.
echo "== The TUI through tmux (160x48)"
ms() { date +%s%3N; }
sock="rf-bench-$$"
screen_log=$(mktemp)
t0=$(ms)
tmux -L "$sock" new-session -d -x 160 -y 48 "$bin --restaurant demo --user host"
trap 'tmux -L "$sock" kill-server 2>/dev/null || true; rm -f "$screen_log"; finish' EXIT
until tmux -L "$sock" capture-pane -p | grep -q Password; do sleep 0.005; done
t1=$(ms)
tmux -L "$sock" send-keys -l podium-demo
t2=$(ms)
tmux -L "$sock" send-keys Enter
until tmux -L "$sock" capture-pane -p | grep -q "covers"; do sleep 0.005; done
t3=$(ms)
sleep 1
tmux -L "$sock" pipe-pane -o "cat >> $screen_log"
sleep 0.3
size() { stat -c %s "$screen_log"; }
moves=20
before=$(size)
for k in $(seq 1 $moves); do
    if [ $((k % 2)) -eq 1 ]; then tmux -L "$sock" send-keys l; else tmux -L "$sock" send-keys h; fi
    sleep 0.15
done
after=$(size)
# The same on the timeline, where a move only shifts the cursor cell and the status line.
tmux -L "$sock" send-keys Tab
sleep 0.5
tl_before=$(size)
for k in $(seq 1 $moves); do
    if [ $((k % 2)) -eq 1 ]; then tmux -L "$sock" send-keys l; else tmux -L "$sock" send-keys h; fi
    sleep 0.15
done
tl_after=$(size)
# Key press to changed screen, through tmux (capture polled every few ms, so this includes tmux's own work).
# (-e: a cursor move may change only attributes; bounded at 2 s so a lost key cannot hang the run.)
lat=()
for k in $(seq 1 20); do
    before_screen=$(tmux -L "$sock" capture-pane -p -e)
    key=l; [ $((k % 2)) -eq 0 ] && key=h
    t_a=$(date +%s%N)
    tmux -L "$sock" send-keys "$key"
    while [ "$(tmux -L "$sock" capture-pane -p -e)" = "$before_screen" ]; do
        [ $(( ($(date +%s%N) - t_a) / 1000000 )) -gt 2000 ] && break
    done
    lat+=($(( ($(date +%s%N) - t_a) / 1000000 )))
done
sorted=$(printf '%s\n' "${lat[@]}" | sort -n)
# A booking made with the CLI shows on the open screen (LISTEN/NOTIFY), no key pressed; bytes it costs.
tmux -L "$sock" send-keys Tab
sleep 0.5
live=(); live_bytes=()
for k in 1 2 3 4 5; do
    before_screen=$(tmux -L "$sock" capture-pane -p | sed -n 2p)
    b0=$(size)
    # A walk-in (now) when a seat is free, else a booking for tonight; either changes the day's counts.
    "$bin" walk-in --restaurant demo --party 1 --name "Live $k" >/dev/null 2>&1 \
        || "$bin" book --restaurant demo --date today --time 21:00 --party 1 --name "Live $k" --phone "+3469900000$k" >/dev/null 2>&1 || true
    t_a=$(date +%s%N)
    until [ "$(tmux -L "$sock" capture-pane -p | sed -n 2p)" != "$before_screen" ]; do
        [ $(( ($(date +%s%N) - t_a) / 1000000 )) -gt 5000 ] && break
    done
    live+=($(( ($(date +%s%N) - t_a) / 1000000 )))
    sleep 0.3
    live_bytes+=($(( $(size) - b0 )))
done
# A day change: next day, then back (each loads a whole day and repaints most of the screen).
day_bytes=()
for key in "]" "[" "]" "["; do
    b0=$(size)
    tmux -L "$sock" send-keys "$key"
    sleep 0.6
    day_bytes+=($(( $(size) - b0 )))
done
pid=$(tmux -L "$sock" display-message -p '#{pane_pid}')
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
tmux -L "$sock" kill-server
record "TUI (tmux 160x48): start to login screen" "$((t1 - t0))" "ms"
record "TUI (tmux 160x48): Enter on the password to the day shown (argon2id, day load)" "$((t3 - t2))" "ms"
record "TUI (tmux 160x48): key press to changed screen, median of 20" "$(echo "$sorted" | sed -n 10p)" "ms"
record "TUI (tmux 160x48): key press to changed screen, max of 20" "$(echo "$sorted" | tail -1)" "ms"
record "TUI (tmux 160x48): a CLI booking appears after the command returns, median of 5" "$(median "${live[@]}")" "ms"
record "TUI (tmux 160x48): bytes written per cursor move, floor (guest pane follows)" "$(( (after - before) / moves ))" "bytes"
record "TUI (tmux 160x48): bytes written per cursor move, timeline" "$(( (tl_after - tl_before) / moves ))" "bytes"
record "TUI (tmux 160x48): bytes written for a booking appearing, median of 5" "$(median "${live_bytes[@]}")" "bytes"
record "TUI (tmux 160x48): bytes written for a day change, median of 4" "$(median "${day_bytes[@]}")" "bytes"
record "TUI (tmux 160x48): resident memory, signed in on the demo day" "$((rss / 1024))" "MB"
rm -f "$screen_log"
trap finish EXIT

echo "== The daemon (scripts/bench-daemon.sh)"
BENCH_EXTRA="$extra" BENCH_QUICK="$quick" scripts/bench-daemon.sh

echo "== The REST API (scripts/bench-api.sh)"
BENCH_EXTRA="$extra" BENCH_QUICK="$quick" scripts/bench-api.sh

echo "== In-process scenarios (reservaflow-bench)"
BENCH_OUT="$out" BENCH_EXTRA_RESULTS="$extra" "$root/.build/release/reservaflow-bench"
