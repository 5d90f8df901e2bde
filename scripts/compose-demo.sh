#!/usr/bin/env bash
# make compose-demo: the README's demo in containers. compose.yaml's services up (built if needed), the demo
# venue loaded, and the podium screen opened in this terminal (`compose run --rm podium`). Quit the screen
# and the services go on; `docker compose down` (or podman-compose down) stops them, `down -v` deletes the data.
#   LOCAL_BASES=1 make compose-demo    on a machine without an image registry (this project's own): makes
#                                      local base images first (scripts/containers/bases.sh) and uses them
#   RESERVAFLOW_API_PORT=8080 ...      another port for the API (default 8000, on 127.0.0.1)
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
cd "$root"
# shellcheck source=scripts/containers/compose.sh
. scripts/containers/compose.sh
if [ "${LOCAL_BASES:-0}" = 1 ]; then
    scripts/containers/bases.sh build
    export RESERVAFLOW_SWIFT_IMAGE=$RF_BASE_SWIFT RESERVAFLOW_DEBIAN_IMAGE=$RF_BASE_DEBIAN
    export RESERVAFLOW_POSTGRES_IMAGE=$RF_BASE_POSTGRES RESERVAFLOW_REDIS_IMAGE=$RF_BASE_REDIS
fi
port=${RESERVAFLOW_API_PORT:-8000}
export RESERVAFLOW_PUBLIC_URL=${RESERVAFLOW_PUBLIC_URL:-http://127.0.0.1:$port}
scripts/compose-secrets.sh
compose build
compose_up "${RF_COMPOSE_PROJECT:-reservaflow}"
echo "compose-demo: waiting for the API on http://127.0.0.1:$port/health/"
for _ in $(seq 1 300); do
    curl -fsS -o /dev/null "http://127.0.0.1:$port/health/" 2>/dev/null && break
    sleep 0.2
done
curl -fsS -o /dev/null "http://127.0.0.1:$port/health/" || { echo "compose-demo: the API did not become healthy; \`compose logs\` says why" >&2; exit 1; }
# Loads the demo venue once; later runs keep its data (as make demo does).
compose --profile podium run --rm -T podium reservaflow seed --demo
echo "compose-demo: API on http://127.0.0.1:$port/api/, the mails in the mail volume (/var/mail/sink/new)."
echo "compose-demo: opening the podium: sign in as host / podium-demo (also manager / office-demo, admin / keys-demo)."
# --profile podium: Docker Compose enables a service's profile for `run` by itself; podman-compose does not.
compose --profile podium run --rm podium reservaflow --restaurant demo --user host
