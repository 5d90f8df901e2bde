#!/usr/bin/env bash
# Benchmarks (programs, not tests). Prints figures; docs/benchmarks.md records them.
#   1. bookings per second from 8 concurrent CLI loops against the private stack (a scratch venue);
#   2. the in-process benchmark program (render, key-to-frame, availability, booking throughput).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
scripts/stack.sh up >/dev/null
swift build -c release --product reservaflow >/dev/null
swift build -c release --product reservaflow-bench >/dev/null 2>&1 || true
bin="$root/.build/release/reservaflow"
set -a; . .stack/env; set +a

# A scratch database so the benchmark never touches the demo venue.
db=rf_bench
admin="$PG_ADMIN_URL"
export PGOPTIONS="-c client_min_messages=warning"
psql "$admin" -qc "DROP DATABASE IF EXISTS $db" >/dev/null
psql "$admin" -qc "CREATE DATABASE $db OWNER reservaflow_owner" >/dev/null
psql "${admin%/*}/$db" -qc "CREATE EXTENSION IF NOT EXISTS btree_gist" >/dev/null
export DATABASE_URL="${DATABASE_URL%/*}/$db"
export MIGRATION_DATABASE_URL="${MIGRATION_DATABASE_URL%/*}/$db"
"$bin" migrate >/dev/null  # as the schema's owner; everything after runs as the programs' role
"$bin" seed --demo --reset >/dev/null

loops=8
per_loop=${BENCH_BOOKINGS_PER_LOOP:-40}
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
awk -v s="$start" -v e="$end" -v ok="$ok" -v no="$refused" -v loops=$loops -v n="$per_loop" 'BEGIN {
    t = e - s
    printf "CLI booking: %d loops x %d attempts in %.2f s: %d booked, %d refused (taken/no table): %.1f attempts/s, %.1f bookings/s\n", loops, n, t, ok, no, (ok + no) / t, ok / t }'
overlaps=$(psql "${DATABASE_URL}" -Atc "SELECT count(*) FROM reservations a JOIN reservations b ON a.table_id = b.table_id AND a.id < b.id AND a.period && b.period WHERE a.status IN ('pending','confirmed','seated') AND b.status IN ('pending','confirmed','seated')")
echo "Overlapping live reservations after the run: $overlaps (must be 0)"
rm -rf "$tmp"

# The TUI through a real terminal (tmux at 160x48): time to the login screen, sign-in to the day shown
# (argon2id check and the day's load included), bytes written per cursor move, resident memory.
ms() { date +%s%3N; }
sock="rf-bench-$$"
out=$(mktemp)
t0=$(ms)
tmux -L "$sock" new-session -d -x 160 -y 48 "$bin --restaurant demo --user host"
until tmux -L "$sock" capture-pane -p | grep -q Password; do sleep 0.005; done
t1=$(ms)
tmux -L "$sock" send-keys -l podium-demo
t2=$(ms)
tmux -L "$sock" send-keys Enter
until tmux -L "$sock" capture-pane -p | grep -q "covers"; do sleep 0.005; done
t3=$(ms)
sleep 1
tmux -L "$sock" pipe-pane -o "cat >> $out"
sleep 0.3
before=$(stat -c %s "$out")
moves=20
for k in $(seq 1 $moves); do
    if [ $((k % 2)) -eq 1 ]; then tmux -L "$sock" send-keys l; else tmux -L "$sock" send-keys h; fi
    sleep 0.15
done
after=$(stat -c %s "$out")
# The same on the timeline, where a move only shifts the cursor cell and the status line.
tmux -L "$sock" send-keys Tab
sleep 0.5
tl_before=$(stat -c %s "$out")
for k in $(seq 1 $moves); do
    if [ $((k % 2)) -eq 1 ]; then tmux -L "$sock" send-keys l; else tmux -L "$sock" send-keys h; fi
    sleep 0.15
done
tl_after=$(stat -c %s "$out")
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
echo "TUI: key press to changed screen via tmux: median $(echo "$sorted" | sed -n 10p) ms, max $(echo "$sorted" | tail -1) ms (n=20)"
# A booking made with the CLI shows on the open screen (LISTEN/NOTIFY), no key pressed.
tmux -L "$sock" send-keys Tab
sleep 0.5
live=()
for k in 1 2 3 4 5; do
    before_screen=$(tmux -L "$sock" capture-pane -p | sed -n 2p)
    # A walk-in (now) when a seat is free, else a booking for tonight; either changes the day's counts.
    "$bin" walk-in --restaurant demo --party 1 --name "Live $k" >/dev/null 2>&1 \
        || "$bin" book --restaurant demo --date today --time 21:00 --party 1 --name "Live $k" --phone "+3469900000$k" >/dev/null 2>&1 || true
    t_a=$(date +%s%N)
    until [ "$(tmux -L "$sock" capture-pane -p | sed -n 2p)" != "$before_screen" ]; do
        [ $(( ($(date +%s%N) - t_a) / 1000000 )) -gt 5000 ] && break
    done
    live+=($(( ($(date +%s%N) - t_a) / 1000000 )))
done
echo "TUI: a CLI booking appears on the open screen after the command returns: ${live[*]} ms (5 tries)"
pid=$(tmux -L "$sock" display-message -p '#{pane_pid}')
rss=$(awk '/VmRSS/ {print $2}' "/proc/$pid/status")
tmux -L "$sock" kill-server
echo "TUI: login screen $((t1 - t0)) ms after start; day shown $((t3 - t2)) ms after Enter on the password"
echo "TUI: bytes written per cursor move (mean of $moves): $(( (after - before) / moves )) on the floor (the guest pane changes with the table), $(( (tl_after - tl_before) / moves )) on the timeline"
echo "TUI: resident memory $((rss / 1024)) MB"
rm -f "$out"

if [ -x "$root/.build/release/reservaflow-bench" ]; then "$root/.build/release/reservaflow-bench"; fi
psql "$admin" -qc "DROP DATABASE IF EXISTS $db" >/dev/null
