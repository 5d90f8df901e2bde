#!/usr/bin/env bash
# Daemon benchmarks (a program, not a test): on a scratch database of the private stack, with the release
# reservaflowd and a local SMTP sink (Debian's aiosmtpd, discarding):
#   1. expiry lateness: 1,000 holds due within 10 s, lateness = expired audit row's time - expires_at;
#   2. mails per second from one daemon to the sink;
#   3. CPU used while idle (no holds, no mail) over a minute (10 s with BENCH_QUICK=1).
# Prints one line per figure; with BENCH_EXTRA=FILE (scripts/bench.sh sets it) appends them there as JSON
# lines for the results table. Alone: BENCH_QUICK=1 scripts/bench-daemon.sh
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# The versions this run builds with are the listed ones, or it stops here (scripts/deps-lock.sh).
# shellcheck source=scripts/deps-lock.sh
. scripts/deps-lock.sh
check_dependency_lock
scripts/stack.sh up >/dev/null
swift build -c release --product reservaflow >/dev/null
swift build -c release --product reservaflowd >/dev/null
bin="$root/.build/release/reservaflow"
daemon="$root/.build/release/reservaflowd"
set -a; . .stack/env; set +a
# shellcheck source=scripts/bench-lib.sh
. scripts/bench-lib.sh
db=rf_bench_daemon
scratch_db "$db"
owner="$MIGRATION_DATABASE_URL"
"$bin" seed --demo --reset >/dev/null
tmp=$(mktemp -d)
port=$(/usr/bin/python3 -c 'import socket; s=socket.socket(); s.bind(("127.0.0.1",0)); print(s.getsockname()[1])')
/usr/bin/python3 -m aiosmtpd -n -l "127.0.0.1:$port" -c aiosmtpd.handlers.Sink >/dev/null 2>&1 &
sink=$!
dpid=""
cleanup() {
    [ -n "$dpid" ] && kill "$dpid" 2>/dev/null
    kill -9 "$sink" 2>/dev/null
    drop_scratch_db "$db"
    rm -rf "$tmp"
}
trap cleanup EXIT
for _ in $(seq 1 100); do (echo > "/dev/tcp/127.0.0.1/$port") 2>/dev/null && break; sleep 0.1; done
start_daemon() {
    DATABASE_URL="$DAEMON_DATABASE_URL" SMTP_URL="smtp://127.0.0.1:$port" MAIL_FROM="bench@reservaflow.test" "$daemon" --instance bench --batch "${1:-50}" \
        >"$tmp/daemon.log" 2>&1 &
    dpid=$!
}
stop_daemon() { kill "$dpid"; wait "$dpid" 2>/dev/null || true; dpid=""; }

# 1. Expiry lateness. Holds on the demo's tables, a day apart per table slot so none overlap, expiring
#    evenly over 10 s starting 3 s from now (the daemon is running and idle when they are inserted).
start_daemon 50
sleep 2
psql "$owner" -qAt >/dev/null <<'SQL'
WITH t AS (SELECT id, restaurant_id, row_number() OVER (ORDER BY id) AS n FROM dining_tables WHERE active),
c AS (INSERT INTO customers (restaurant_id, name) SELECT DISTINCT restaurant_id, 'Bench hold' FROM t RETURNING id, restaurant_id)
INSERT INTO reservations (restaurant_id, table_id, customer_id, party_size, starts_at, ends_at, status, source, expires_at, created_by)
SELECT t.restaurant_id, t.id, c.id, 2,
       date_trunc('day', now()) + make_interval(days => 30 + g) + interval '12 hours',
       date_trunc('day', now()) + make_interval(days => 30 + g) + interval '14 hours',
       'pending', 'online', now() + interval '3 seconds' + ((t.n * 25 + g) % 1000) * interval '10 milliseconds', 'bench'
FROM t CROSS JOIN generate_series(0, 24) g JOIN c ON c.restaurant_id = t.restaurant_id
LIMIT 1000;
SQL
holds=$(psql "$owner" -Atc "SELECT count(*) FROM reservations WHERE status = 'pending' AND created_by = 'bench'")
for _ in $(seq 1 300); do
    left=$(psql "$owner" -Atc "SELECT count(*) FROM reservations WHERE status = 'pending' AND created_by = 'bench'")
    [ "$left" = 0 ] && break
    sleep 0.1
done
read -r p50 p99 pmax n < <(psql "$owner" -AtF' ' -c "
    SELECT round(percentile_cont(0.5) WITHIN GROUP (ORDER BY l)::numeric, 1), round(percentile_cont(0.99) WITHIN GROUP (ORDER BY l)::numeric, 1),
           round(max(l)::numeric, 1), count(*)
    FROM (SELECT extract(epoch FROM a.at - (a.before->>'expires_at')::timestamptz) * 1000 AS l
          FROM audit_log a WHERE a.action = 'expired' AND a.before->>'created_by' = 'bench') x")
echo "daemon: expiry lateness for $n of $holds holds due within 10 s: p50 ${p50} ms, p99 ${p99} ms, max ${pmax} ms"

# 2. Mails per second: 2,000 due at once, one daemon, time from the first claim to the last completion.
mails=${BENCH_DAEMON_MAILS:-2000}
[ "${BENCH_QUICK:-0}" = 1 ] && mails=500
stop_daemon
psql "$owner" -q >/dev/null <<SQL
INSERT INTO notifications (restaurant_id, reservation_id, kind, recipient, message_id, scheduled_for)
SELECT x.restaurant_id, x.id, 'modification', 'guest' || g || '@bench.reservaflow.test', '<bench-' || g || '@bench>', now()
FROM (SELECT id, restaurant_id FROM reservations WHERE status = 'confirmed' LIMIT 1) x, generate_series(1, $mails) g;
SQL
start_daemon 50
for _ in $(seq 1 1200); do
    done_n=$(psql "$owner" -Atc "SELECT count(*) FROM notifications WHERE message_id LIKE '<bench-%' AND status = 'completed'")
    [ "$done_n" = "$mails" ] && break
    sleep 0.1
done
rate=$(psql "$owner" -Atc "SELECT round(count(*) / greatest(extract(epoch FROM max(sent_at) - min(attempted_at)), 0.001)) FROM notifications WHERE message_id LIKE '<bench-%' AND status = 'completed'")
echo "daemon: mails to a local SMTP sink, one daemon, batch 50: $rate mails/s ($done_n of $mails)"
# The ceiling: the same sink fed by a minimal client (Python's smtplib, one connection, no database).
ceiling=$(/usr/bin/python3 - "$port" "$mails" <<'PY'
import smtplib, sys, time
s = smtplib.SMTP("127.0.0.1", int(sys.argv[1]))
n = int(sys.argv[2])
msg = b"From: a@b.test\r\nTo: x@y.test\r\nSubject: bench\r\n\r\n" + b"body line\r\n" * 20
t = time.time()
for i in range(n):
    s.sendmail("a@b.test", ["guest%d@y.test" % i], msg)
print(round(n / (time.time() - t)))
PY
)
echo "daemon: the sink's own ceiling (minimal client, one connection): $ceiling mails/s"

# 3. Idle CPU: nothing due; the daemon should sleep (no polling), waking for sweeps and heartbeats only.
idle=60; [ "${BENCH_QUICK:-0}" = 1 ] && idle=10
sleep 2
ticks() { awk '{print $14 + $15}' "/proc/$dpid/stat"; }
t0=$(ticks); sleep "$idle"; t1=$(ticks)
hz=$(getconf CLK_TCK)
cpu=$(awk -v a="$t0" -v b="$t1" -v hz="$hz" -v s="$idle" 'BEGIN { printf "%.2f", (b - a) / hz / s * 100 }')
echo "daemon: CPU while idle over ${idle} s: ${cpu} % of one core"
stop_daemon

if [ -n "${BENCH_EXTRA:-}" ]; then
    {
        echo "{\"scenario\": \"daemon expiry lateness p50 (1000 holds due within 10 s)\", \"value\": $p50, \"unit\": \"ms\"}"
        echo "{\"scenario\": \"daemon expiry lateness p99 (1000 holds due within 10 s)\", \"value\": $p99, \"unit\": \"ms\"}"
        echo "{\"scenario\": \"daemon expiry lateness max (1000 holds due within 10 s)\", \"value\": $pmax, \"unit\": \"ms\"}"
        echo "{\"scenario\": \"SMTP sink ceiling, minimal client\", \"value\": $ceiling, \"unit\": \"mails/s\"}"
        echo "{\"scenario\": \"daemon mails to the local sink\", \"value\": $rate, \"unit\": \"mails/s\", \"baseline\": \"SMTP sink ceiling, minimal client\"}"
        echo "{\"scenario\": \"daemon CPU while idle (${idle} s)\", \"value\": $cpu, \"unit\": \"% of a core\"}"
    } >> "$BENCH_EXTRA"
fi
