#!/usr/bin/env bash
# The REST API's booking rate inside its container against the same program on the host, in one run
# (docs/benchmarks.md, "Containers"; aim: a ratio of at least 0.9). scripts/test-containers.sh runs it on
# its compose project while that is up; it is not meant to be run alone.
#   scripts/containers/bench.sh PROJECT IMAGE SECRETS_DIR OUT    appends its figures to OUT
# What differs between the two sides is the container and nothing else:
#   - the same program: reservaflow-api and Swift's libraries copied out of IMAGE and run on the host
#     (the host's own libpq, hiredis, libcurl, libsodium, ncursesw: the build machine has them);
#   - the same database and Redis: the project's, which the host reaches on the compose network;
#   - the same settings as scripts/bench-api.sh (8 write connections, rate limits off) and the same load:
#     wrk, POST /api/reservations/ on distinct slots of a 100-table venue (scripts/bench/api-post.lua);
#   - the runs alternate, container then host, RF_BENCH_ROUNDS times (3) at each concurrency (8, 32), each
#     RF_BENCH_SECONDS long (10), and the medians are compared: a neighbour's load falls on both sides.
# The project's daemon is stopped first (bench-api.sh runs none: the bookings' mails would load the machine
# during the runs); `compose down` follows in the test. Everything it starts is removed on exit.
set -euo pipefail
root="$(cd "$(dirname "$0")/../.." && pwd)"
cd "$root"
# shellcheck source=scripts/containers/env.sh
. scripts/containers/env.sh
project=$1 image=$2 secrets=$3 out=$4
rounds=${RF_BENCH_ROUNDS:-3}
seconds=${RF_BENCH_SECONDS:-10}
work=$(mktemp -d /var/tmp/reservaflow-test-bench.XXXXXX)
bench_api="${project}-bench-api"
host_pid=""
cleanup() {
    if [ -n "$host_pid" ]; then kill "$host_pid" 2>/dev/null || true; wait "$host_pid" 2>/dev/null || true; fi
    # One at a time: `podman rm` stops at the first name it does not find.
    podman rm -f -i "$bench_api" >/dev/null 2>&1 || true
    podman rm -f -i "${project}-bench-copy" >/dev/null 2>&1 || true
    rm -rf "$work"
}
trap cleanup EXIT
fail() { echo "bench: $*" >&2; exit 1; }
free_port() { /usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])'; }
db_sql() { podman exec -u postgres "${project}_db_1" psql -X -q -h /tmp -d reservaflow -Atc "$1"; }

# The programs and Swift's libraries, out of the image.
podman create --name "${project}-bench-copy" "$image" >/dev/null
podman cp "${project}-bench-copy:/usr/local/bin/reservaflow-api" "$work/"
podman cp "${project}-bench-copy:/usr/local/bin/reservaflow" "$work/"
podman cp "${project}-bench-copy:/usr/lib/swift/linux" "$work/swift"
podman rm "${project}-bench-copy" >/dev/null
export LD_LIBRARY_PATH="$work/swift"
if missing=$(ldd "$work/reservaflow-api" | grep 'not found'); then
    fail "the host lacks libraries the API loads (apt-get install -y libpq5 libhiredis0.14 libcurl4 libsodium23 libncursesw6): $missing"
fi

# The compose network and where the host reaches the database and Redis on it.
network=$(podman inspect --format '{{range $name, $n := .NetworkSettings.Networks}}{{$name}}{{end}}' "${project}_db_1")
ip_of() { podman inspect --format "{{(index .NetworkSettings.Networks \"$network\").IPAddress}}" "${project}_$1_1"; }
db_ip=$(ip_of db)
redis_ip=$(ip_of redis)
podman stop -t 30 "${project}_daemon_1" >/dev/null

# A venue open around the clock in UTC with 100 two-seat tables and hour-long turns (as bench-api.sh's).
{
    printf '[restaurant]\nslug = "ctbench"\nname = "Container Bench"\ntime_zone = "UTC"\nmax_party = 2\nadvance_days = 700\n'
    printf '[[turn_times]]\nup_to_party = 2\nminutes = 60\n'
    printf '[[hours]]\ndays = ["mon", "tue", "wed", "thu", "fri", "sat", "sun"]\nservice = "Day"\nopens = "00:00"\ncloses = "00:00"\n'
    printf '[[areas]]\nname = "Room"\n'
    for i in $(seq 1 100); do printf '[[areas.tables]]\nlabel = "A%d"\nmax = 2\nx = %d\ny = %d\n' "$i" $(( (i % 10) * 5 )) $(( (i / 10) * 3 )); done
} > "$work/floor.toml"
DATABASE_URL="postgresql://reservaflow_app@$db_ip:5432/reservaflow" DATABASE_PASSWORD_FILE="$secrets/pg_app_password" \
    XDG_STATE_HOME="$work" "$work/reservaflow" floor import "$work/floor.toml" >/dev/null || fail "the bench venue could not be imported"
rid=$(db_sql "SELECT id FROM restaurants WHERE slug = 'ctbench'")
tables=$(db_sql "SELECT string_agg(id::text, ',' ORDER BY id) FROM dining_tables WHERE restaurant_id = $rid")

# The two APIs, with bench-api.sh's settings.
flags=(--connections 8 --bookings-per-guest 0 --bookings-per-address 0 --auth-per-address 0 --requests-per-address 0 --log-level error)
container_port=$(free_port)
podman run -d --name "$bench_api" --label "io.podman.compose.project=$project" --network "$network" \
    -p "127.0.0.1:$container_port:8000" --init --read-only --tmpfs /tmp --cap-drop ALL --security-opt no-new-privileges:true \
    -v "$secrets/pg_api_password:/run/secrets/pg_api_password:ro" -v "$secrets/redis_password:/run/secrets/redis_password:ro" \
    -v "$secrets/link_secret:/run/secrets/link_secret:ro" \
    -e DATABASE_URL=postgresql://reservaflow_api@db:5432/reservaflow -e DATABASE_PASSWORD_FILE=/run/secrets/pg_api_password \
    -e REDIS_URL=redis://redis:6379/0 -e REDIS_PASSWORD_FILE=/run/secrets/redis_password -e LINK_SECRET_FILE=/run/secrets/link_secret \
    "$image" reservaflow-api --host 0.0.0.0 --port 8000 "${flags[@]}" >/dev/null
host_port=$(free_port)
DATABASE_URL="postgresql://reservaflow_api@$db_ip:5432/reservaflow" DATABASE_PASSWORD_FILE="$secrets/pg_api_password" \
    REDIS_URL="redis://$redis_ip:6379/0" REDIS_PASSWORD_FILE="$secrets/redis_password" LINK_SECRET_FILE="$secrets/link_secret" \
    "$work/reservaflow-api" --host 127.0.0.1 --port "$host_port" "${flags[@]}" >"$work/host-api.log" 2>&1 &
host_pid=$!
for port in "$container_port" "$host_port"; do
    for _ in $(seq 1 150); do curl -fsS -o /dev/null "http://127.0.0.1:$port/health/" 2>/dev/null && break; sleep 0.2; done
    curl -fsS -o /dev/null "http://127.0.0.1:$port/health/" || fail "the API on port $port did not become healthy (host log: $(tail -3 "$work/host-api.log"))"
done

# Eight guests, verified (as bench-api.sh's: the bookings every online guest makes).
tokens=""
for g in $(seq 1 8); do
    curl -fsS -o /dev/null -X POST "http://127.0.0.1:$host_port/api/auth/register/" -H 'Content-Type: application/json' \
        -d "{\"email\":\"ctbench$g@bench.test\",\"password\":\"bench pass phrase $g\",\"first_name\":\"Bench\",\"last_name\":\"$g\",\"phone\":\"6910000$((10 + g))\"}" \
        || fail "registering bench guest $g failed"
    t=$(curl -fsS -X POST "http://127.0.0.1:$host_port/api/token/" -H 'Content-Type: application/json' \
        -d "{\"email\":\"ctbench$g@bench.test\",\"password\":\"bench pass phrase $g\"}" \
        | /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin)["access"])') || fail "signing bench guest $g in failed"
    tokens="$tokens${tokens:+,}$t"
done
db_sql "UPDATE guest_accounts SET verified_at = now() WHERE email LIKE 'ctbench%@bench.test'" >/dev/null

field() { sed -nE "s/.*$1=([0-9.]+).*/\1/p" "$2" | tail -1; }
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
slot=0
for c in 8 32; do
    container_rps=(); host_rps=()
    for r in $(seq 1 "$rounds"); do
        for side in container host; do
            port=$container_port; [ "$side" = host ] && port=$host_port
            slot=$((slot + 20000))
            BENCH_TOKENS="$tokens" BENCH_TABLES="$tables" BENCH_RESTAURANT="$rid" BENCH_BASE="$slot" BENCH_THREADS=2 \
                wrk -t 2 -c "$c" -d "${seconds}s" -s scripts/bench/api-post.lua "http://127.0.0.1:$port/api/reservations/" > "$work/run" 2>&1
            if [ "$(field failed "$work/run")" != 0 ] || [ "$(field errors "$work/run")" != 0 ]; then
                fail "errors in the $side run at c=$c: $(grep BENCH "$work/run" || tail -3 "$work/run")"
            fi
            rps=$(field rps "$work/run")
            if [ "$side" = container ]; then container_rps+=("$rps"); else host_rps+=("$rps"); fi
            echo "bench: c=$c round $r $side: $(grep BENCH "$work/run")"
        done
    done
    in_container=$(median "${container_rps[@]}")
    on_host=$(median "${host_rps[@]}")
    printf 'API bookings/s, c=%-2s: container %6.0f, host %6.0f, ratio %.2f\n' "$c" "$in_container" "$on_host" \
        "$(awk "BEGIN { print $in_container / $on_host }")" >> "$out"
done
echo "load average after the runs: $(cut -d' ' -f1-3 /proc/loadavg)" >> "$out"
