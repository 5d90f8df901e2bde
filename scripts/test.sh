#!/usr/bin/env bash
# The whole suite against the checkout's private stack: unit, integration (PostgreSQL, Redis, SMTP sink)
# and end-to-end (the real binary in tmux). Starts the stack if needed and stops it again if it did.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# The versions this run builds with are the listed ones, or it stops here (scripts/deps-lock.sh).
# shellcheck source=scripts/deps-lock.sh
. scripts/deps-lock.sh
check_dependency_lock
# Captured first: piping into `grep -q` would end stack.sh with SIGPIPE, which pipefail reports as failure.
status=$(scripts/stack.sh status)
started=0
case "$status" in
    *"PostgreSQL: running"*"Redis: running"*) ;;
    *) started=1 ;;
esac
scripts/stack.sh up
cleanup() {
    local rc=$?
    # A failed run says what state the stack ended in: a server that died explains a wall of failures.
    if [ "$rc" -ne 0 ]; then
        echo "test: failed (exit $rc); the stack now:" >&2
        scripts/stack.sh status >&2 || true
        echo "test: the end of .stack/redis.log:" >&2
        tail -15 .stack/redis.log >&2 || true
    fi
    if [ "$started" -eq 1 ]; then scripts/stack.sh down; fi
}
trap cleanup EXIT
set -a
# shellcheck disable=SC1091
. .stack/env
set +a
scripts/layers.sh
scripts/house.sh
# The systemd units under deploy/ (systemd-analyze verify, where it is installed).
scripts/check-units.sh
swift build --build-tests
# The end-to-end tests drive this binary in tmux.
export RESERVAFLOW_BIN="$root/.build/debug/reservaflow"
export RESERVAFLOWD_BIN="$root/.build/debug/reservaflowd"
export RESERVAFLOW_API_BIN="$root/.build/debug/reservaflow-api"
# Schemathesis fuzzes the live API from its OpenAPI document (docs/openapi.yaml).
SCHEMATHESIS_BIN="$(scripts/schemathesis-venv.sh)"
export SCHEMATHESIS_BIN
# The build takes minutes: a server of the stack that went away meanwhile is said (with its log), and
# started again, before the tests rely on it.
for server in PostgreSQL Redis; do
    case "$(scripts/stack.sh status)" in
        *"$server: running"*) ;;
        *) echo "test: $server stopped during the build; its log's end:" >&2
           if [ "$server" = Redis ]; then tail -20 .stack/redis.log >&2 || true; fi ;;
    esac
done
scripts/stack.sh up >/dev/null
swift test --skip-build "$@"
