# Sourced by the bench scripts:
#   scratch_db NAME   creates NAME afresh on the private stack (btree_gist by the superuser), points
#                     DATABASE_URL, MIGRATION_DATABASE_URL, API_DATABASE_URL and DAEMON_DATABASE_URL at it,
#                     migrates as the owner role;
#                     drop_scratch_db NAME removes it (expects .stack/env loaded and $bin set);
#   record SCENARIO VALUE UNIT [BASELINE]   prints a figure and, with BENCH_EXTRA set, appends it there as
#                     a JSON line (reservaflow-bench fills in the baseline's value from the same run);
#   median N...       the middle value.
export PGOPTIONS="-c client_min_messages=warning"
scratch_db() {
    psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null
    psql "$PG_ADMIN_URL" -qc "CREATE DATABASE $1 OWNER reservaflow_owner" >/dev/null
    psql "${PG_ADMIN_URL%/*}/$1" -qc "CREATE EXTENSION IF NOT EXISTS btree_gist" >/dev/null
    export DATABASE_URL="${DATABASE_URL%/*}/$1" MIGRATION_DATABASE_URL="${MIGRATION_DATABASE_URL%/*}/$1"
    # The API and the daemon run as their own roles, as in production (docs/security.md).
    export API_DATABASE_URL="${API_DATABASE_URL%/*}/$1" DAEMON_DATABASE_URL="${DAEMON_DATABASE_URL%/*}/$1"
    "$bin" migrate >/dev/null
}
drop_scratch_db() { psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null 2>&1 || true; }

record() {
    echo "  $1: $2 $3"
    [ -n "${BENCH_EXTRA:-}" ] || return 0
    if [ -n "${4:-}" ]; then
        printf '{"scenario": "%s", "value": %s, "unit": "%s", "baseline": "%s"}\n' "$1" "$2" "$3" "$4" >> "$BENCH_EXTRA"
    else
        printf '{"scenario": "%s", "value": %s, "unit": "%s"}\n' "$1" "$2" "$3" >> "$BENCH_EXTRA"
    fi
}
median() { printf '%s\n' "$@" | sort -g | awk '{a[NR]=$1} END {print a[int((NR + 1) / 2)]}'; }
