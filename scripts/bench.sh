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
psql "$admin" -qc "CREATE DATABASE $db" >/dev/null
export DATABASE_URL="${DATABASE_URL%/*}/$db"
"$bin" migrate >/dev/null
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

if [ -x "$root/.build/release/reservaflow-bench" ]; then "$root/.build/release/reservaflow-bench"; fi
psql "$admin" -qc "DROP DATABASE IF EXISTS $db" >/dev/null
