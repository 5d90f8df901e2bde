#!/usr/bin/env bash
# The whole suite against the checkout's private stack: unit, integration (PostgreSQL, Redis, SMTP sink)
# and end-to-end (the real binary in tmux). Starts the stack if needed and stops it again if it did.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# Captured first: piping into `grep -q` would end stack.sh with SIGPIPE, which pipefail reports as failure.
status=$(scripts/stack.sh status)
started=0
case "$status" in
    *"PostgreSQL: running"*"Redis: running"*) ;;
    *) started=1 ;;
esac
scripts/stack.sh up
cleanup() { if [ "$started" -eq 1 ]; then scripts/stack.sh down; fi; }
trap cleanup EXIT
set -a
# shellcheck disable=SC1091
. .stack/env
set +a
scripts/layers.sh
swift build --build-tests
# The end-to-end tests drive this binary in tmux.
export RESERVAFLOW_BIN="$root/.build/debug/reservaflow"
export RESERVAFLOWD_BIN="$root/.build/debug/reservaflowd"
export RESERVAFLOW_API_BIN="$root/.build/debug/reservaflow-api"
# Schemathesis fuzzes the live API from its OpenAPI document (docs/openapi.yaml).
SCHEMATHESIS_BIN="$(scripts/schemathesis-venv.sh)"
export SCHEMATHESIS_BIN
swift test --skip-build "$@"
