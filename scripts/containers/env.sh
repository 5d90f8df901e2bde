# shellcheck shell=bash
# Sourced by the container scripts: podman's settings for this kind of machine and the names every script
# uses. Everything they make is named reservaflow-test*, so cleaning up never touches anyone else's.
#   runc, not crun (crun fails on setrlimit here); the cgroupfs manager (this hybrid cgroup layout); no
#   default ulimits. podman reads them from CONTAINERS_CONF, written once into .containers/.
rf_root="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
rf_containers="$rf_root/.containers"
mkdir -p "$rf_containers"
if [ ! -f "$rf_containers/containers.conf" ]; then
    cat > "$rf_containers/containers.conf" <<'CONF'
[containers]
default_ulimits = []
[engine]
cgroup_manager = "cgroupfs"
runtime = "runc"
CONF
fi
export CONTAINERS_CONF="$rf_containers/containers.conf"
RF_BASE_DEBIAN=localhost/reservaflow-test-debian:bookworm-slim
RF_BASE_SWIFT=localhost/reservaflow-test-swift:6.3-bookworm
RF_BASE_POSTGRES=localhost/reservaflow-test-postgres:15-bookworm
RF_BASE_REDIS=localhost/reservaflow-test-redis:7-bookworm
export RF_BASE_DEBIAN RF_BASE_SWIFT RF_BASE_POSTGRES RF_BASE_REDIS
