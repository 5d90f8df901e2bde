#!/usr/bin/env bash
# API benchmarks (a program, not a test): the release reservaflow-api on a scratch database of the private
# stack (durable commits), loaded with wrk and hey from Debian, beside a ceiling measured in the same run.
#   1. the HTTP ceiling: GET /health/ (the server, a pooled book and three trivial queries) at c=32; under
#      make bench the bookings also stand beside the same bookings made in-process (reservaflow-bench);
#   2. the original's load: POST /api/reservations/ on distinct slots at c=8 and c=32 (it managed 32
#      requests/s, p99 0.4-1.6 s), with availability lookups (c=4) running beside the c=32 load;
#   3. 64 clients racing one table and time, 5 rounds: exactly one 201, the rest 409/423, no 5xx;
#   4. the "drop": 2,000 requests from 200 connections on 10 slots released at once: exactly 10 winners,
#      everyone answered within 2 s, no 5xx;
#   5. reset requests (a registered and an unknown address) and verification clicks, c=8: p50 and p99.
# Rate limits are off for the run (they would throttle a load test from one address, as the original's did).
# Prints one line per figure; with BENCH_EXTRA=FILE (scripts/bench.sh sets it) appends them as JSON lines.
# Alone: BENCH_QUICK=1 scripts/bench-api.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# The versions this run builds with are the listed ones, or it stops here (scripts/deps-lock.sh).
# shellcheck source=scripts/deps-lock.sh
. scripts/deps-lock.sh
check_dependency_lock
for tool in wrk hey; do
    command -v "$tool" >/dev/null || { sudo_cmd=(); [ "$(id -u)" -ne 0 ] && sudo_cmd=(sudo); "${sudo_cmd[@]}" apt-get install -y -qq wrk hey >/dev/null; }
done
scripts/stack.sh up >/dev/null
for product in reservaflow reservaflow-api; do swift build -c release --product "$product" >/dev/null; done
bin="$root/.build/release/reservaflow"
api="$root/.build/release/reservaflow-api"
set -a; . .stack/env; set +a
# shellcheck source=scripts/bench-lib.sh
. scripts/bench-lib.sh
db=rf_bench_api
scratch_db "$db"
owner="$MIGRATION_DATABASE_URL"
tmp=$(mktemp -d)
apid=""
cleanup() {
    [ -n "$apid" ] && kill "$apid" 2>/dev/null && wait "$apid" 2>/dev/null
    drop_scratch_db "$db"
    rm -rf "$tmp"
}
trap cleanup EXIT

# A venue open around the clock in UTC with 100 two-seat tables and hour-long turns: every (table, hour,
# day) is a slot of its own, so the distinct-slot runs never collide.
{
    cat <<'TOML'
[restaurant]
slug = "apibench"
name = "API Bench"
time_zone = "UTC"
max_party = 2
advance_days = 700

[[turn_times]]
up_to_party = 2
minutes = 60

[[hours]]
days = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]
service = "Day"
opens = "00:00"
closes = "00:00"

[[areas]]
name = "Room"
TOML
    for i in $(seq 1 100); do printf '[[areas.tables]]\nlabel = "A%d"\nmax = 2\nx = %d\ny = %d\n' "$i" $(( (i % 10) * 5 )) $(( (i / 10) * 3 )); done
} > "$tmp/floor.toml"
"$bin" floor import "$tmp/floor.toml" >/dev/null
rid=$(psql "$owner" -Atc "SELECT id FROM restaurants WHERE slug = 'apibench'")
tables=$(psql "$owner" -Atc "SELECT string_agg(id::text, ',' ORDER BY id) FROM dining_tables WHERE restaurant_id = $rid")

port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
DATABASE_URL="$API_DATABASE_URL" "$api" --port "$port" --connections 8 --bookings-per-guest 0 --bookings-per-address 0 --auth-per-address 0 \
    --requests-per-address 0 --log-level error >"$tmp/api.log" 2>&1 &
apid=$!
for _ in $(seq 1 100); do (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
base="http://127.0.0.1:$port"

tokens=""
for g in $(seq 1 8); do
    curl -sf -X POST "$base/api/auth/register/" -H 'Content-Type: application/json' \
        -d "{\"email\":\"bench$g@bench.test\",\"password\":\"bench pass phrase $g\",\"first_name\":\"Bench\",\"last_name\":\"$g\",\"phone\":\"6900000$((10 + g))\"}" >/dev/null
    t=$(curl -sf -X POST "$base/api/token/" -H 'Content-Type: application/json' -d "{\"email\":\"bench$g@bench.test\",\"password\":\"bench pass phrase $g\"}" \
        | /usr/bin/python3 -c 'import json,sys; print(json.load(sys.stdin)["access"])')
    tokens="$tokens${tokens:+,}$t"
done
first_token=${tokens%%,*}
# Verified, as a guest who followed their mail's link: an unverified account's holds queue no hold mail
# (docs/api.md), and the bookings measured here are the ones every online guest makes.
psql "$owner" -qc "UPDATE guest_accounts SET verified_at = now() WHERE email LIKE '%@bench.test'"

quick=0; case "${BENCH_QUICK:-}" in 1|yes|true) quick=1 ;; esac
dur=$([ $quick -eq 1 ] && echo 5 || echo 15)
runs=$([ $quick -eq 1 ] && echo 1 || echo 3)
results=()
field() { sed -nE "s/.*$1=([0-9.]+).*/\1/p" "$2" | tail -1; }
fail() { echo "BENCHMARK FAILED: $*" >&2; [ -s "$tmp/api.log" ] && { echo "API log:" >&2; tail -5 "$tmp/api.log" >&2; }; exit 1; }

# 1. The ceiling.
cw=()
for r in $(seq 1 "$runs"); do
    wrk -t 2 -c 32 -d "${dur}s" -s scripts/bench/api-get.lua "$base/health/" > "$tmp/ceiling.$r" 2>&1
    cw+=("$(field rps "$tmp/ceiling.$r")")
done
record "API ceiling: GET /health/, c=32 (HTTP, a pooled book, three trivial queries)" "$(median "${cw[@]}")" "requests/s"

# 2. Distinct slots at c=8 and c=32; availability beside the c=32 run.
slot=0
for c in 8 32; do
    rps=(); p99=(); p50=()
    for r in $(seq 1 "$runs"); do
        # 50,000 slots = about 20 days of the 100 tables x 24 hours: more than a run books even at 2,000
        # requests/s. A wider step took the full run's sixth run (3 runs x 2 concurrencies) to day 500,
        # into the race's days, where its 64 clients then found their table already booked.
        slot=$((slot + 50000))
        if [ "$c" = 32 ] && [ "$r" = 1 ]; then
            day=$(date -u -d "+400 days" +%F)
            wrk -t 1 -c 4 -d "${dur}s" -s scripts/bench/api-get.lua \
                "$base/api/restaurants/restaurants/$rid/available_tables/?date=$day&time=20:00&party_size=2" > "$tmp/avail" 2>&1 &
            avail_pid=$!
        fi
        BENCH_TOKENS="$tokens" BENCH_TABLES="$tables" BENCH_RESTAURANT="$rid" BENCH_BASE="$slot" BENCH_THREADS=2 \
            wrk -t 2 -c "$c" -d "${dur}s" -s scripts/bench/api-post.lua "$base/api/reservations/" > "$tmp/post.$c.$r" 2>&1
        [ -n "${avail_pid:-}" ] && { wait "$avail_pid"; avail_pid=""; }
        [ "$(field failed "$tmp/post.$c.$r")" = 0 ] || fail "5xx answers in the c=$c booking run: $(cat "$tmp/post.$c.$r")"
        rps+=("$(field rps "$tmp/post.$c.$r")"); p50+=("$(field p50 "$tmp/post.$c.$r")"); p99+=("$(field p99 "$tmp/post.$c.$r")")
        echo "  (c=$c run $r: $(grep BENCH "$tmp/post.$c.$r"))"
    done
    # Beside the same bookings made in-process through the core (reservaflow-bench, same run under make
    # bench): what HTTP, JSON, the token check and the guest's record cost on top.
    record "API POST /api/reservations/ distinct slots, c=$c" "$(median "${rps[@]}")" "requests/s" "book, no contention, $c clients"
    record "API POST /api/reservations/ distinct slots, c=$c, p50" "$(median "${p50[@]}")" "ms"
    record "API POST /api/reservations/ distinct slots, c=$c, p99" "$(median "${p99[@]}")" "ms"
done
record "API availability lookups (c=4) during the c=32 booking load, p99" "$(field p99 "$tmp/avail")" "ms"
record "API availability lookups (c=4) during the c=32 booking load" "$(field rps "$tmp/avail")" "requests/s"
# The distinct-slot runs must stay clear of the days the scenarios below use (from day 400 on).
last_day=$(psql "$owner" -Atc "SELECT coalesce(max(starts_at::date - current_date), 0) FROM reservations WHERE restaurant_id = $rid")
[ "$last_day" -lt 400 ] || fail "the distinct-slot runs reached day $last_day, into the race and drop days"
overlaps=$(psql "$owner" -Atc "WITH held AS (SELECT r.id, r.period, t AS table_id FROM reservations r, unnest(r.table_id || r.joined_table_ids) AS t WHERE r.status IN ('pending','confirmed','seated')) SELECT count(*) FROM held a JOIN held b ON a.table_id = b.table_id AND a.id < b.id AND a.period && b.period")
[ "$overlaps" = 0 ] || fail "$overlaps overlapping live reservations after the booking runs"

# 3. 64 clients, one table and time, 5 rounds.
table1=${tables%%,*}
for round in 1 2 3 4 5; do
    day=$(date -u -d "+$((500 + round)) days" +%F)
    hey -n 64 -c 64 -m POST -T application/json -H "Authorization: Bearer $first_token" \
        -d "{\"restaurant_id\":$rid,\"table_id\":$table1,\"reservation_date\":\"$day\",\"reservation_time\":\"12:00\",\"party_size\":2}" \
        "$base/api/reservations/" > "$tmp/race.$round" 2>&1
    won=$(sed -nE 's/^[[:space:]]*\[201\][[:space:]]*([0-9]+) responses/\1/p' "$tmp/race.$round"); won=${won:-0}
    [ "$won" = 1 ] || fail "race round $round: $won winners ($(grep -A6 'Status code' "$tmp/race.$round" | tr '\n' ' '))"
    grep -qE '^[[:space:]]*\[5[0-9][0-9]\]' "$tmp/race.$round" && fail "race round $round: 5xx answers"
done
record "API 64 clients on one table and time: winners per round (5 rounds, each exactly 1)" 1 "winner"

# 4. The drop: 10 slots x 200 requests, 20 connections each, all released together.
day=$(date -u -d "+600 days" +%F)
pids=()
for s in $(seq 1 10); do
    t=$(echo "$tables" | cut -d, -f"$s")
    hey -n 200 -c 20 -m POST -T application/json -H "Authorization: Bearer $first_token" \
        -d "{\"restaurant_id\":$rid,\"table_id\":$t,\"reservation_date\":\"$day\",\"reservation_time\":\"18:00\",\"party_size\":2}" \
        "$base/api/reservations/" > "$tmp/drop.$s" 2>&1 &
    pids+=($!)
done
for p in "${pids[@]}"; do wait "$p"; done
winners=0; slowest=0
for s in $(seq 1 10); do
    w=$(sed -nE 's/^[[:space:]]*\[201\][[:space:]]*([0-9]+) responses/\1/p' "$tmp/drop.$s"); winners=$((winners + ${w:-0}))
    grep -qE '^[[:space:]]*\[5[0-9][0-9]\]' "$tmp/drop.$s" && fail "drop slot $s: 5xx answers"
    sl=$(sed -nE 's/^[[:space:]]*Slowest:[[:space:]]*([0-9.]+) secs/\1/p' "$tmp/drop.$s")
    slowest=$(awk -v a="$slowest" -v b="$sl" 'BEGIN { print (b > a ? b : a) }')
done
[ "$winners" = 10 ] || fail "the drop had $winners winners, not 10"
record "API drop: 2000 requests from 200 connections on 10 slots, winners" "$winners" "winners"
record "API drop: slowest answer" "$(awk -v s="$slowest" 'BEGIN { printf "%.0f", s * 1000 }')" "ms"
# 5. The account links (issue 24): reset requests for registered addresses and for unknown ones (the same
# answer and the same work: their p50s must stay within 10 %), then verification clicks, c=8. The mails
# go through the outbox, so none of these waits for SMTP. 20,000 accounts made by SQL with one hash (a
# registration's argon2id would cost minutes), so no address is asked for often enough to be throttled.
psql "$owner" -qc "INSERT INTO guest_accounts (email, password_hash, first_name, last_name, phone, verified_at)
    SELECT 'reset' || g || '@bench.test', (SELECT password_hash FROM guest_accounts WHERE email = 'bench1@bench.test'),
           'Reset', 'Bench', '+3471' || lpad(g::text, 7, '0'), now() FROM generate_series(1, 20000) g"
for who in known unknown; do
    rr=(); r50=(); r99=()
    for r in $(seq 1 "$runs"); do
        BENCH_PREFIX=$([ "$who" = known ] && echo reset || echo ghost) BENCH_ACCOUNTS=20000 BENCH_THREADS=2 \
            wrk -t 2 -c 8 -d "${dur}s" -s scripts/bench/api-reset.lua "$base/api/auth/password/reset/" > "$tmp/reset.$who.$r" 2>&1
        [ "$(field failed "$tmp/reset.$who.$r")" = 0 ] || fail "reset requests ($who) not all 202: $(cat "$tmp/reset.$who.$r")"
        rr+=("$(field rps "$tmp/reset.$who.$r")"); r50+=("$(field p50 "$tmp/reset.$who.$r")"); r99+=("$(field p99 "$tmp/reset.$who.$r")")
    done
    record "API reset request, $who addresses, c=8" "$(median "${rr[@]}")" "requests/s"
    record "API reset request, $who addresses, c=8, p50" "$(median "${r50[@]}")" "ms"
    record "API reset request, $who addresses, c=8, p99" "$(median "${r99[@]}")" "ms"
done
mails=$(psql "$owner" -Atc "SELECT count(*) FROM account_mails WHERE kind = 'reset'")
echo "  (reset links made in the requests themselves: $mails; the daemon makes them, and it is not running here)"
# First clicks on distinct verification links: one per account made above (their tokens computed here as
# the daemon computes them), then the same links clicked again (nothing left to write: one read).
psql "$owner" -qc "UPDATE guest_accounts SET verified_at = NULL WHERE email LIKE 'reset%@bench.test';
    INSERT INTO account_links (account_id, purpose, expires_at)
    SELECT id, 'verify', now() + interval '2 days' FROM guest_accounts WHERE email LIKE 'reset%@bench.test'"
# The links' paths, as the daemon writes them in mails: "$1" picks which (unused, or used).
verify_paths() {
    psql "$owner" -Atc "SELECT id || ' ' || account_id FROM account_links WHERE purpose = 'verify' AND $1 ORDER BY id" \
        | /usr/bin/python3 -c '
import hashlib, os, sys
key = os.environ["LINK_SECRET"].encode()[:64]
for line in sys.stdin:
    link, account = line.split()
    mac = hashlib.blake2b(("account:verify:%s:%s" % (link, account)).encode(), key=key, digest_size=32).hexdigest()
    print("/api/auth/verify/?token=%s.%s" % (link, mac))' > "$tmp/verify.paths"
}
for click in first again; do
    # Only the bench-made accounts' links: the 8 booking guests' would confirm their thousands of holds.
    accounts="account_id IN (SELECT id FROM guest_accounts WHERE email LIKE 'reset%@bench.test')"
    if [ "$click" = first ]; then verify_paths "used_at IS NULL AND $accounts"; else verify_paths "used_at IS NOT NULL AND $accounts"; fi
    BENCH_PATHS="$tmp/verify.paths" BENCH_THREADS=2 wrk -t 2 -c 8 -d "${dur}s" -s scripts/bench/api-paths.lua "$base/" > "$tmp/verify.$click" 2>&1
    [ "$(field failed "$tmp/verify.$click")" = 0 ] || fail "verification clicks ($click): $(cat "$tmp/verify.$click")"
    record "API verification link, $click click, c=8" "$(field rps "$tmp/verify.$click")" "requests/s"
    record "API verification link, $click click, c=8, p50" "$(field p50 "$tmp/verify.$click")" "ms"
    record "API verification link, $click click, c=8, p99" "$(field p99 "$tmp/verify.$click")" "ms"
done
verified=$(psql "$owner" -Atc "SELECT count(*) FROM guest_accounts WHERE email LIKE 'reset%@bench.test' AND verified_at IS NOT NULL")
echo "  (accounts verified by the first clicks: $verified)"

grep -qi "error" "$tmp/api.log" && { echo "API log:"; tail -5 "$tmp/api.log"; } || true
