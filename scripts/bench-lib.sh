# Sourced by the bench scripts: a scratch database on the private stack, migrated as the owner role.
#   scratch_db NAME   creates NAME afresh (btree_gist by the superuser), points DATABASE_URL and
#                     MIGRATION_DATABASE_URL at it, migrates; drop_scratch_db NAME removes it.
# Expects .stack/env loaded and $bin set to the release reservaflow.
export PGOPTIONS="-c client_min_messages=warning"
scratch_db() {
    psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null
    psql "$PG_ADMIN_URL" -qc "CREATE DATABASE $1 OWNER reservaflow_owner" >/dev/null
    psql "${PG_ADMIN_URL%/*}/$1" -qc "CREATE EXTENSION IF NOT EXISTS btree_gist" >/dev/null
    export DATABASE_URL="${DATABASE_URL%/*}/$1" MIGRATION_DATABASE_URL="${MIGRATION_DATABASE_URL%/*}/$1"
    "$bin" migrate >/dev/null
}
drop_scratch_db() { psql "$PG_ADMIN_URL" -qc "DROP DATABASE IF EXISTS $1 WITH (FORCE)" >/dev/null 2>&1 || true; }
