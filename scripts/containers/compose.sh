# shellcheck shell=bash
# Sourced: `compose ARGS...` runs Docker Compose v2 where a Docker engine answers, else podman-compose (from
# PyPI, in a virtualenv of its own under .build/, made once) with podman's settings for this machine; the
# project is $RF_COMPOSE_PROJECT (default reservaflow, compose.yaml's name). `compose_up` below.
# shellcheck source=scripts/containers/env.sh
. "$(dirname "${BASH_SOURCE[0]}")/env.sh"
rf_podman_compose_version=1.6.0
rf_podman_compose_venv="$rf_root/.build/venv-podman-compose"

rf_podman_compose() {
    if ! "$rf_podman_compose_venv/bin/podman-compose" --version 2>/dev/null | grep -q "$rf_podman_compose_version"; then
        rm -rf "$rf_podman_compose_venv"
        /usr/bin/python3 -m venv "$rf_podman_compose_venv" >&2
        "$rf_podman_compose_venv/bin/pip" install -q --disable-pip-version-check "podman-compose==$rf_podman_compose_version" >&2
    fi
    echo "$rf_podman_compose_venv/bin/podman-compose"
}

if docker compose version >/dev/null 2>&1 && docker info >/dev/null 2>&1; then
    rf_compose_kind=docker
    compose() { docker compose -p "${RF_COMPOSE_PROJECT:-reservaflow}" -f "$rf_root/compose.yaml" "$@"; }
else
    rf_compose_kind=podman
    rf_compose_bin=$(rf_podman_compose)
    compose() { "$rf_compose_bin" -p "${RF_COMPOSE_PROJECT:-reservaflow}" -f "$rf_root/compose.yaml" "$@"; }
fi

# `compose up -d`, in stages where the tool is podman-compose: podman 4.3 (Debian 12) will not start a
# container whose --requires list (podman-compose makes it from depends_on) holds a one-shot container that
# has exited (`migrate`): "generating dependency graph ... not found in input list". So: the servers, then
# migrate (which waits for the database itself), then the programs once it succeeded, each without
# --requires. Docker Compose follows compose.yaml's depends_on as written. $1: the compose project's name.
compose_up() {
    local project=$1 status
    if [ "${rf_compose_kind:-}" = docker ]; then compose up -d; return; fi
    compose up -d --no-deps db redis mail
    compose up -d --no-deps --force-recreate migrate
    status=$(podman wait "${project}_migrate_1") || return 1
    if [ "$status" != 0 ]; then
        echo "compose: migrate failed (exit $status); its log:" >&2
        podman logs --tail 20 "${project}_migrate_1" >&2
        return 1
    fi
    compose up -d --no-deps daemon api
}
