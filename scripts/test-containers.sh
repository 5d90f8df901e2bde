#!/usr/bin/env bash
# make test-containers: compose.yaml and the Containerfile, built and run on this machine (docs/deploy.md,
# "Containers"; issue 25). Before a release, not in CI: it builds a release image from nothing (see the
# timings in docs/benchmarks.md).
#   1. local base images (scripts/containers/bases.sh: no registry is reachable here), podman-compose
#   2. the image, from the Containerfile, on those bases
#   3. compose up: /health/ 200 through the published port; the durability settings and the roles checked
#      in the database; no secret in any container's environment, log, command line or image history
#   4. the demo venue; a guest registers, verifies the address from the mail sink, books through the API;
#      the hold mail reaches the mail sink
#      and its confirm link confirms the booking
#   5. `compose run --rm podium` in tmux: the host signs in and sees the booking on the day's book
#   6. compose down, up again: the booking is still there
#   7. the API's booking rate in its container against the same program on the host, in one run
#      (scripts/containers/bench.sh; printed at the end among the figures, with the image's size and the
#      time compose up takes to a healthy API: docs/benchmarks.md)
#   8. compose down -v: no container, network or volume of the project is left
# It exits non-zero at the first step that fails, saying which, with the services' logs; whatever happens
# it removes what it made, by name: containers, networks and volumes of the compose project
# `reservaflow-test`, the images localhost/reservaflow-test-*, the secrets it generated. The base images
# stay when KEEP_BASE_IMAGES=1 (a second run then skips their 7-8 minutes).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/containers/env.sh
. scripts/containers/env.sh

project=reservaflow-test
# RF_TEST_IMAGE=NAME: test an image built before (by hand, while working on this script) instead of
# building one; it is left in place.
app_image=${RF_TEST_IMAGE:-localhost/reservaflow-test-app:latest}
mail_image=localhost/reservaflow-test-mail-sink:latest
secrets="$rf_containers/secrets"
timings="$rf_containers/timings.txt"
# The figures docs/benchmarks.md records (image size, compose up to a healthy API, the booking rate),
# printed after the timings.
figures="$rf_containers/figures.txt"
step_name="setting up"
step_start=$SECONDS
: > "$timings"
: > "$figures"

say() { echo "test-containers: $*"; }
step() {
    if [ "$step_name" != "setting up" ]; then printf '%-58s %4d s\n' "$step_name" $((SECONDS - step_start)) >> "$timings"; fi
    step_name=$1
    step_start=$SECONDS
    say "$step_name"
}
failure_said=0
fail() { echo "test-containers: FAILED at \"$step_name\": $*" >&2; failure_said=1; exit 1; }

# --- what it needs: Debian's podman, runc, mmdebstrap, tmux; podman-compose from PyPI in a venv --------
# For the booking-rate step: wrk, and the libraries the API loads when it runs on the host.
need=()
for p in podman runc mmdebstrap tmux curl python3-venv catatonit wrk libpq5 libhiredis0.14 libcurl4 libsodium23 libncursesw6; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
    say "installing ${need[*]}"
    sudo_cmd=()
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get update -qq
    # With their recommendations: podman's network plugins and the rest of what runs a container.
    DEBIAN_FRONTEND=noninteractive "${sudo_cmd[@]}" apt-get install -y -qq "${need[@]}" >/dev/null
fi
# shellcheck source=scripts/containers/compose.sh
. scripts/containers/compose.sh
podman_compose=$(rf_podman_compose)

# The settings compose.yaml reads: the local base images, this run's image names, port and secrets.
api_port=$(/usr/bin/python3 -c 'import socket; s = socket.socket(); s.bind(("127.0.0.1", 0)); print(s.getsockname()[1])')
export RESERVAFLOW_IMAGE=$app_image RESERVAFLOW_MAIL_IMAGE=$mail_image
export RESERVAFLOW_SWIFT_IMAGE=$RF_BASE_SWIFT RESERVAFLOW_DEBIAN_IMAGE=$RF_BASE_DEBIAN
export RESERVAFLOW_POSTGRES_IMAGE=$RF_BASE_POSTGRES RESERVAFLOW_REDIS_IMAGE=$RF_BASE_REDIS
export RESERVAFLOW_API_PORT=$api_port RESERVAFLOW_SECRETS=$secrets
export RESERVAFLOW_PUBLIC_URL="http://127.0.0.1:$api_port"
# Guest accounts' mails (verification) go from MAIL_FROM: an account belongs to no venue.
export RESERVAFLOW_MAIL_FROM="reservas@containers.reservaflow.test"
# podman, whatever else the machine has: this is the test of podman-compose's reading of compose.yaml.
compose() { "$podman_compose" --project-name "$project" -f "$root/compose.yaml" "$@"; }
rf_compose_kind=podman
api="http://127.0.0.1:$api_port"
tmux_session="reservaflow-test-podium-$$"

project_leftovers() {
    local label="label=io.podman.compose.project=$project"
    podman ps -a -q --filter "$label"
    podman volume ls -q --filter "$label"
    podman network ls -q --filter "$label"
}

cleanup() {
    local rc=$?
    trap - EXIT
    if [ "$rc" -ne 0 ] && [ "$failure_said" = 0 ]; then
        echo "test-containers: FAILED at \"$step_name\": a command exited $rc (set -e; the lines above say which)" >&2
    fi
    if [ "$rc" -ne 0 ]; then
        echo "test-containers: the services' logs (last lines each):" >&2
        for c in $(podman ps -a --filter "label=io.podman.compose.project=$project" --format '{{.Names}}' 2>/dev/null); do
            echo "--- $c" >&2
            podman logs --tail 25 "$c" 2>&1 | sed 's/^/    /' >&2 || true
        done
    fi
    tmux kill-session -t "$tmux_session" 2>/dev/null || true
    compose down -v --remove-orphans >/dev/null 2>&1 || true
    # Whatever compose left (a half-made project), by the project's label; then the images by name.
    local label="label=io.podman.compose.project=$project"
    podman ps -a -q --filter "$label" | xargs -r podman rm -f >/dev/null 2>&1 || true
    podman volume ls -q --filter "$label" | xargs -r podman volume rm -f >/dev/null 2>&1 || true
    podman network ls -q --filter "$label" | xargs -r podman network rm -f >/dev/null 2>&1 || true
    if [ -z "${RF_TEST_IMAGE:-}" ]; then podman rmi -f "$app_image" >/dev/null 2>&1 || true; fi
    podman rmi -f "$mail_image" >/dev/null 2>&1 || true
    if [ "${KEEP_BASE_IMAGES:-0}" != 1 ]; then scripts/containers/bases.sh remove >/dev/null || true; fi
    rm -rf "$secrets"
    if [ "$rc" -eq 0 ]; then
        printf '%-58s %4d s\n' "the whole run" "$SECONDS" >> "$timings"
        say "passed; timings:"; cat "$timings"
        say "figures:"; cat "$figures"
    fi
    exit "$rc"
}
trap cleanup EXIT
# A run cut short before (or by Ctrl-C) left its project behind: start clean.
compose down -v --remove-orphans >/dev/null 2>&1 || true
[ -z "$(project_leftovers)" ] || fail "a previous run's containers, volumes or networks remain: $(project_leftovers | tr '\n' ' ')"

# --- 1. base images ----------------------------------------------------------------------------------
step "local base images (mmdebstrap + podman import)"
nice -n 10 scripts/containers/bases.sh build || fail "the base images could not be made"

# --- 2. the images -----------------------------------------------------------------------------------
step "the image, from the Containerfile (release build inside)"
# --layers=false: no cached intermediate images stay behind (RF_BUILD_CACHE=1 keeps them, for working on
# the Containerfile; they are then the developer's to remove).
layers=false
if [ "${RF_BUILD_CACHE:-0}" = 1 ]; then layers=true; fi
if [ -z "${RF_TEST_IMAGE:-}" ]; then
    nice -n 10 podman build --quiet --layers="$layers" -f Containerfile \
        --build-arg "SWIFT_IMAGE=$RF_BASE_SWIFT" --build-arg "RUNTIME_IMAGE=$RF_BASE_DEBIAN" -t "$app_image" . >/dev/null \
        || fail "podman build of the Containerfile failed (its output is above)"
fi
nice -n 10 podman build --quiet --layers="$layers" -f deploy/mail-sink/Containerfile \
    --build-arg "BASE_IMAGE=$RF_BASE_DEBIAN" -t "$mail_image" deploy/mail-sink >/dev/null \
    || fail "podman build of the mail sink failed"
# The runtime image's size and what makes it up: the Debian base, Swift's libraries (ICU's data the most of
# them), the three programs; the rest is Debian's libraries they load, the CA list, time zones and curl.
size=$(podman image inspect --format '{{.Size}}' "$app_image")
base_size=$(podman image inspect --format '{{.Size}}' "$RF_BASE_DEBIAN")
# (Each by itself: one `du` counts a file once, under the first folder named that holds it.)
read -r swift_size icu_size programs_size < <(podman run --rm "$app_image" sh -c \
    'echo $(du -sb /usr/lib/swift/linux | cut -f1) $(stat -c %s /usr/lib/swift/linux/lib_FoundationICU.so) $(du -sb /usr/local/bin | cut -f1)')
[ -n "$programs_size" ] || fail "the image's parts could not be measured"
mb() { echo $(($1 / 1000000)); }
printf '%-58s %4d MB\n' "image size (runtime image, uncompressed)" "$(mb "$size")" >> "$figures"
printf '  %s\n' "Debian 12 slim base $(mb "$base_size") MB, Swift's libraries $(mb "$swift_size") MB (ICU's data $(mb "$icu_size") MB)," \
    "the three programs $(mb "$programs_size") MB, the rest $(mb $((size - base_size - swift_size - programs_size))) MB" >> "$figures"
for program in reservaflow reservaflowd reservaflow-api; do
    podman run --rm "$app_image" "$program" --help >/dev/null || fail "$program does not start in the image"
done
[ "$(podman run --rm "$app_image" id -u)" != 0 ] || fail "the image runs as root"

# --- 3. compose up ------------------------------------------------------------------------------------
step "compose up to a healthy API"
scripts/compose-secrets.sh "$secrets" >/dev/null
up_start=$(date +%s.%N)
compose_up "$project" >"$rf_containers/up.log" 2>&1 || { cat "$rf_containers/up.log" >&2; fail "compose up failed"; }
wait_healthy() {
    local deadline=$((SECONDS + $1))
    until curl -fsS -o /dev/null "$api/health/" 2>/dev/null; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.2
    done
}
wait_healthy 180 || fail "$api/health/ did not answer 200 within 180 s"
up_end=$(date +%s.%N)
printf '%-58s %6.1f s\n' "compose up -d to /health/ 200 (images built, new volumes)" "$(awk "BEGIN { print $up_end - $up_start }")" >> "$figures"
[ "$(podman inspect --format '{{.State.ExitCode}}' "${project}_migrate_1")" = 0 ] || fail "the migrate service did not succeed"
# podman runs health checks from systemd timers, and this machine has no systemd: run compose.yaml's checks
# once by hand, so a broken one fails here rather than on a Docker host.
for service in db redis api; do
    podman healthcheck run "${project}_${service}_1" >/dev/null || fail "the $service service's health check fails"
done

step "durability, roles and secrets"
db_sql() { podman exec -u postgres "${project}_db_1" psql -X -h /tmp -d reservaflow -Atc "$1"; }
[ "$(db_sql 'SHOW synchronous_commit')" = on ] || fail "synchronous_commit is not on"
[ "$(db_sql 'SHOW fsync')" = on ] || fail "fsync is not on"
supers=$(db_sql "SELECT count(*) FROM pg_roles WHERE rolname LIKE 'reservaflow_%' AND (rolsuper OR rolcreaterole OR rolcreatedb)")
[ "$supers" = 0 ] || fail "a reservaflow role is a superuser or may create roles or databases"
owned=$(db_sql "SELECT count(*) FROM pg_class c JOIN pg_roles r ON r.oid = c.relowner WHERE r.rolname IN ('reservaflow_app', 'reservaflow_api', 'reservaflow_daemon')")
[ "$owned" = 0 ] || fail "a runtime role owns $owned relations"
[ "$(db_sql "SELECT count(*) FROM pg_class WHERE relname = 'reservations'")" = 1 ] || fail "the schema was not migrated"
check_no_secrets() {
    local where=$1 text=$2 name
    for name in pg_owner_password pg_app_password pg_api_password pg_daemon_password redis_password link_secret; do
        if grep -qF -- "$(cat "$secrets/$name")" <<< "$text"; then fail "the secret $name shows in $where"; fi
    done
}
for c in $(podman ps --filter "label=io.podman.compose.project=$project" --format '{{.Names}}'); do
    check_no_secrets "$c's environment or command" "$(podman inspect --format '{{.Config.Env}} {{.Config.Cmd}} {{.Config.Entrypoint}}' "$c")"
    check_no_secrets "$c's log" "$(podman logs "$c" 2>&1)"
done
check_no_secrets "the host's process list" "$(ps -eo args)"
check_no_secrets "the image's history" "$(podman history --no-trunc --format '{{.CreatedBy}}' "$app_image")"
check_no_secrets "compose.yaml" "$(cat compose.yaml)"

# --- 4. a guest books through the API; the mail reaches the sink ---------------------------------------
step "demo venue, a guest books through the API, the mail arrives"
compose --profile podium run --rm -T podium reservaflow seed --demo >"$rf_containers/seed.log" 2>&1 || { cat "$rf_containers/seed.log" >&2; fail "seed --demo failed"; }
json() { /usr/bin/python3 -c "import json, sys; d = json.load(sys.stdin); print($1)"; }
email="probeta.$$@example.com"
password="container horse battery"
curl -fsS -X POST "$api/api/auth/register/" -H 'Content-Type: application/json' \
    -d "{\"email\":\"$email\",\"password\":\"$password\",\"first_name\":\"Probeta\",\"last_name\":\"Contenedor\",\"phone\":\"600 111 333\"}" >/dev/null \
    || fail "registering a guest failed"
# A mail in the sink holding `pattern` (a regular expression for grep), within 30 s; its file's name.
mail_with() {
    local found=""
    for _ in $(seq 1 150); do
        found=$(podman exec "${project}_mail_1" sh -c "grep -lE '$1' /var/mail/sink/new/* 2>/dev/null | head -n1" || true)
        [ -n "$found" ] && break
        sleep 0.2
    done
    printf '%s' "$found"
}
# The address is verified first (issue 24): an unverified guest's holds get no hold mail. The verification
# mail belongs to no venue, so it goes from MAIL_FROM (set for this run: RESERVAFLOW_MAIL_FROM).
verify_file=$(mail_with "verify/\?token=")
[ -n "$verify_file" ] || fail "no verification mail reached the mail sink within 30 s (is RESERVAFLOW_MAIL_FROM set?)"
verify_link=$(podman exec "${project}_mail_1" cat "$verify_file" | tr -d '\r' | grep -o "$api/api/auth/verify/?token=[A-Za-z0-9_%.=-]*" | head -n1)
[ -n "$verify_link" ] || fail "the verification mail has no link to $api"
curl -fsS -o /dev/null "$verify_link" || fail "the verification link was refused"
access=$(curl -fsS -X POST "$api/api/token/" -d "{\"email\":\"$email\",\"password\":\"$password\"}" | json 'd["access"]') \
    || fail "signing the guest in failed"
venue_id=$(curl -fsS "$api/api/restaurants/restaurants/" | json '[r["id"] for r in (d["results"] if isinstance(d, dict) else d) if r.get("slug", "demo") == "demo"][0]') \
    || fail "the demo venue is not listed"
day=$(TZ=Europe/Madrid date -d '+3 days' +%F)
booking=$(curl -fsS -X POST "$api/api/reservations/" -H "Authorization: Bearer $access" -H "Idempotency-Key: ct-$$" \
    -d "{\"restaurant_id\":$venue_id,\"reservation_date\":\"$day\",\"reservation_time\":\"20:30\",\"party_size\":2}" | json 'd["id"]') \
    || fail "booking through the API failed"
mail_file=$(mail_with "confirm/\?token=")
[ -n "$mail_file" ] || fail "no mail for the booking reached the mail sink within 30 s"
mail=$(podman exec "${project}_mail_1" cat "$mail_file" | tr -d '\r')
grep -qi "^To:.*$email" <<< "$mail" || fail "the mail is not addressed to the guest"
grep -qi "^From:.*reservas@casalucia.example" <<< "$mail" || fail "the mail is not from the venue's address (no MAIL_FROM is set)"
link=$(grep -o "$api/api/reservations/$booking/confirm/?token=[A-Za-z0-9_%.=-]*" <<< "$mail" | head -n1)
[ -n "$link" ] || fail "the hold mail has no confirm link to $api"
curl -fsS -o /dev/null "$link" || fail "the confirm link was refused"
status=$(curl -fsS "$api/api/reservations/$booking/" -H "Authorization: Bearer $access" | json 'd["status"]')
[ "$status" = confirmed ] || fail "the booking is $status after its confirm link, not confirmed"

# --- 5. the podium screen -----------------------------------------------------------------------------
step "compose run --rm podium in tmux shows the booking"
tmux new-session -d -s "$tmux_session" -x 160 -y 48 \
    "$podman_compose --project-name $project -f $root/compose.yaml --profile podium run --rm podium reservaflow --kiosk --restaurant demo --user host --date $day"
screen_has() {
    local text=$1 deadline=$((SECONDS + $2))
    until tmux capture-pane -p -t "$tmux_session" 2>/dev/null | grep -qF -- "$text"; do
        [ $SECONDS -lt $deadline ] || return 1
        sleep 0.3
    done
}
screen_has "Password" 60 || { tmux capture-pane -p -t "$tmux_session" >&2 || true; fail "the podium never asked for a password"; }
tmux send-keys -t "$tmux_session" -l "podium-demo"
tmux send-keys -t "$tmux_session" Enter
screen_has "Casa Lucía" 30 || { tmux capture-pane -p -t "$tmux_session" >&2 || true; fail "the podium did not open the demo venue"; }
screen_has "covers" 30 || { tmux capture-pane -p -t "$tmux_session" >&2 || true; fail "the podium did not load the day"; }
# The demo's day has more tables than a screen shows: the host searches for the guest, as at the podium.
tmux send-keys -t "$tmux_session" "/"
tmux send-keys -t "$tmux_session" -l "Probeta"
tmux send-keys -t "$tmux_session" Enter
if ! { screen_has "Probeta Contenedor" 30 && screen_has "20:30-" 5 && screen_has "confirmed" 5; }; then
    tmux capture-pane -p -t "$tmux_session" >&2 || true
    fail "the booking is not on the podium's book"
fi
tmux capture-pane -p -t "$tmux_session" > "$rf_containers/podium.txt"
tmux send-keys -t "$tmux_session" q
sleep 1
tmux kill-session -t "$tmux_session" 2>/dev/null || true

# --- 6. down and up: the data stays -------------------------------------------------------------------
step "compose down, up: the booking is still there"
compose down >"$rf_containers/down.log" 2>&1 || { cat "$rf_containers/down.log" >&2; fail "compose down failed"; }
up_start=$(date +%s.%N)
compose_up "$project" >"$rf_containers/up.log" 2>&1 || { cat "$rf_containers/up.log" >&2; fail "compose up (again) failed"; }
wait_healthy 120 || fail "$api/health/ did not answer 200 within 120 s after the restart"
up_end=$(date +%s.%N)
printf '%-58s %6.1f s\n' "compose up -d to /health/ 200 (data kept)" "$(awk "BEGIN { print $up_end - $up_start }")" >> "$figures"
again=$(compose --profile podium run --rm -T podium reservaflow reservations --restaurant demo --date "$day" --json 2>/dev/null) \
    || fail "listing the day's bookings after the restart failed"
grep -q "$booking" <<< "$again" || fail "the booking $booking is gone after compose down and up"

# --- 7. the booking rate: the API in its container against the same program on the host ----------------
step "booking rate: the API in its container against the host"
scripts/containers/bench.sh "$project" "$app_image" "$secrets" "$figures" || fail "the booking-rate comparison failed"

# --- 8. down -v: nothing left -------------------------------------------------------------------------
step "compose down -v leaves nothing"
compose down -v >"$rf_containers/down.log" 2>&1 || { cat "$rf_containers/down.log" >&2; fail "compose down -v failed"; }
left=$(project_leftovers)
[ -z "$left" ] || fail "left behind: $(tr '\n' ' ' <<< "$left")"
step "done"
