#!/usr/bin/env bash
# The whole suite against the checkout's private stack: unit, integration (PostgreSQL, Redis, SMTP sink)
# and end-to-end (the real binary in tmux). Starts the stack if needed and stops it again if it did.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
started=0
if ! scripts/stack.sh status | grep -q "PostgreSQL: running" || ! scripts/stack.sh status | grep -q "Redis: running"; then
    started=1
fi
scripts/stack.sh up
cleanup() { if [ "$started" -eq 1 ]; then scripts/stack.sh down; fi; }
trap cleanup EXIT
set -a
# shellcheck disable=SC1091
. .stack/env
set +a
swift build --build-tests
# The end-to-end tests drive this binary in tmux.
export RESERVAFLOW_BIN="$root/.build/debug/reservaflow"
swift test --skip-build "$@"
