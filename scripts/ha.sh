#!/usr/bin/env bash
# A private high-availability stack for this checkout (issue 18, `make test-ha`): one etcd, three Patroni
# nodes running PostgreSQL 15 with a synchronous standby, and Redis as master + replica watched by three
# sentinels. Everything listens on loopback ports derived from the checkout's path, in a range apart from
# scripts/stack.sh's, so the two stacks (and two checkouts) never collide. Files live under .ha/ (or
# /var/tmp when PostgreSQL's user cannot reach the checkout); generated passwords in .ha/secrets (mode 600)
# and the programs' settings in .ha/env (mode 600).
#
#   scripts/ha.sh deps | up | down | destroy | status | env | leader | leader-port | sync-standby | wait-db NAME
#   fault injectors (each prints one line saying what it did):
#     kill-leader-postmaster | kill-leader-node | restart-node NAME | stop-leader | cont-node NAME
#     switchover | kill-sync-standby | kill-redis-master | restart-redis | heal
#
# Settings (environment): RF_HA_BASE_PORT (first of 15 ports), HA_UP_TIMEOUT (seconds, default 90).
set -euo pipefail
umask 077   # logs, pid files and configs here are nobody else's business; the few shared paths chmod themselves
root="$(cd "$(dirname "$0")/.." && pwd)"
ha="$root/.ha"
pgbin="/usr/lib/postgresql/15/bin"
pg_user_os=postgres   # PostgreSQL refuses to run as root: Patroni (and so PostgreSQL) runs as this user.
hash=$(printf '%s' "$root" | cksum | cut -d' ' -f1)
# stack.sh takes 20000 + hash % 20000 (+3): this range starts above it. Blocks of 20 ports, one per checkout.
base=${RF_HA_BASE_PORT:-$((41000 + (hash % 450) * 20))}
etcd_port=$base
etcd_peer_port=$((base + 1))
api_port() { echo $((base + 1 + $1)); }   # Patroni's REST API, node 1-3: base+2 .. base+4
pg_port() { echo $((base + 4 + $1)); }    # PostgreSQL, node 1-3: base+5 .. base+7
redis_port() { echo $((base + 7 + $1)); } # Redis r1, r2: base+8, base+9
sentinel_port() { echo $((base + 9 + $1)); } # sentinels 1-3: base+10 .. base+12
app_port=$((base + 13))                   # reservaflow-api under scripts/ha-run.sh
mail_port=$((base + 14))                  # its mail sink
nodes="node1 node2 node3"
scope="rf-ha-$hash"
master_name=rfmaster
up_timeout=${HA_UP_TIMEOUT:-90}

# PostgreSQL's files live in .ha/ when its user can reach the checkout; a checkout under a folder closed to
# that user (a home directory, a CI workspace) gets them under /var/tmp instead, as in stack.sh.
choose_pg_home() {
    pg_home="$ha"
    if [ "$(id -u)" -eq 0 ] && id "$pg_user_os" >/dev/null 2>&1; then
        mkdir -p "$ha"
        chmod 755 "$ha"
        if ! runuser -u "$pg_user_os" -- test -x "$ha" 2>/dev/null; then
            pg_home="/var/tmp/reservaflow-ha-$hash"
            mkdir -p "$pg_home"
            chown "$pg_user_os" "$pg_home"
            chmod 711 "$pg_home"
        fi
    fi
    venv="$pg_home/patroni-$patroni_version"
    patroni_bin="$venv/bin/patroni"
    patronictl_bin="$venv/bin/patronictl"
}
node_dir() { echo "$pg_home/$1"; }

# Patroni from PyPI, pinned, in a virtualenv of its own (where PostgreSQL's user can run it), not Debian 12's
# 3.0.2: with etcd3 that version rewrites the leader key unconditionally once its lease has expired, so a
# leader that hangs past the ttl and then resumes takes the key back from the standby promoted meanwhile,
# which is demoted and rewound: writes it had acknowledged are gone (seen here with stop-leader; fixed
# upstream in 3.0.3, patroni/patroni#2689 and #2693). Not 3.2 or later either: those raise any ttl below 20
# to 20 (patroni/patroni#2869), which doubles the failover time of a lost node (about 20 s instead of 9,
# past the fault suite's 15 s hang bound). 3.1.2 is the last release with the fix that keeps ttl 10.
patroni_version=3.1.2
# How fast a lost leader is replaced: its key lives dcs_ttl seconds, renewed every dcs_loop_wait; Patroni gives
# up on etcd or PostgreSQL after dcs_retry_timeout (loop_wait + 2 * retry_timeout must not exceed ttl). The ttl
# is the failover's floor: at 10 the standby waited 8-10 s for the key to lapse and writes came back after
# 10.6 s, past the 10 s aim (docs/ha.md).
dcs_ttl=8 dcs_loop_wait=1 dcs_retry_timeout=3
# Its dependencies as resolved when this was checked (2026-12-06), pinned so every machine runs the same;
# psycopg2-binary carries its own libpq.
patroni_pins=(click==8.5.1 dnspython==2.9.2 prettytable==3.19.0 psutil==7.2.2 psycopg2-binary==2.9.13
    python-dateutil==4.0.0 python-etcd==0.4.5 PyYAML==6.0.4 tzdata==2026.6 urllib3==2.8.0 wcwidth==0.9.5 ydiff==1.2)
choose_pg_home
node_num() { echo "${1#node}"; }

as_pg() {
    if [ "$(id -u)" -eq 0 ]; then runuser -u "$pg_user_os" -- "$@"; else "$@"; fi
}

die() { echo "ha: $*" >&2; exit 1; }
# Alive and not a zombie: a process killed a moment ago can wait a while for pid 1 to reap it, and kill -0
# succeeds on it meanwhile.
pid_alive() {
    [ -n "${1:-}" ] && kill -0 "$1" 2>/dev/null && ! grep -q '^[0-9]* (.*) Z' "/proc/$1/stat" 2>/dev/null
}
pidfile_alive() { [ -f "$1" ] && pid_alive "$(cat "$1")"; }
port_open() { (echo > "/dev/tcp/127.0.0.1/$1") 2>/dev/null; }

# ---------------------------------------------------------------------------------------------- deps
deps() {
    local packages=(etcd-server redis-sentinel redis-server postgresql postgresql-contrib curl python3-venv)
    local missing=() p
    for p in "${packages[@]}"; do
        dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
    done
    if [ ${#missing[@]} -gt 0 ]; then install_packages "${missing[@]}"; choose_pg_home; fi
    patroni_venv
}

# Readable by PostgreSQL's user (it runs Patroni); nothing in it comes from Debian's Python packages.
patroni_venv() {
    if [ -x "$patroni_bin" ] && "$patroni_bin" --version 2>/dev/null | grep -q " $patroni_version\$"; then return 0; fi
    echo "Installing Patroni $patroni_version (PyPI) in $venv"
    rm -rf "$venv"
    ( umask 022
      /usr/bin/python3 -m venv "$venv"
      "$venv/bin/pip" install -q --disable-pip-version-check "patroni[etcd3]==$patroni_version" "${patroni_pins[@]}" ) \
        || { rm -rf "$venv"; die "could not install Patroni $patroni_version from PyPI"; }
}

install_packages() {
    local missing=("$@") p svc
    echo "Installing: ${missing[*]}"
    local sudo_cmd=()
    if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
    export DEBIAN_FRONTEND=noninteractive
    # The packages' init scripts would start system-wide etcd, Patroni and Redis (on their default ports,
    # with the packages' configs). Debian's policy-rc.d hook forbids that for the install; one already in
    # place (a container's) is left as it is.
    local policy=/usr/sbin/policy-rc.d made_policy=0
    if [ ! -e "$policy" ]; then
        printf '#!/bin/sh\n# scripts/ha.sh deps: no service starts during this install\nexit 101\n' | "${sudo_cmd[@]}" tee "$policy" >/dev/null
        "${sudo_cmd[@]}" chmod 755 "$policy"
        made_policy=1
    fi
    local rc=0
    { "${sudo_cmd[@]}" apt-get update -qq && \
      "${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; } || rc=$?
    [ "$made_policy" = 1 ] && "${sudo_cmd[@]}" rm -f "$policy"
    [ "$rc" -eq 0 ] || die "apt-get install failed"
    # Should a service have started anyway (a systemd machine ignores nothing here, but its units may be
    # enabled): stop the ones this install brought, so no system etcd/Patroni/Redis runs beside ours.
    for p in "${missing[@]}"; do
        case "$p" in
            etcd-server) svc=etcd ;; patroni|redis-server|redis-sentinel) svc=$p ;; *) continue ;;
        esac
        if command -v systemctl >/dev/null && [ -d /run/systemd/system ]; then
            "${sudo_cmd[@]}" systemctl disable --now "$svc" >/dev/null 2>&1 || true
        elif [ -x "/etc/init.d/$svc" ]; then
            "${sudo_cmd[@]}" "/etc/init.d/$svc" stop >/dev/null 2>&1 || true
        fi
    done
    local foreign
    foreign=$(ps -eo pid=,comm= | awk '$2=="etcd" || $2=="patroni" || $2=="redis-server" || $2=="redis-sentinel" {print $1}' | \
        while read -r p; do tr '\0' ' ' < "/proc/$p/cmdline" 2>/dev/null | grep -q "$root\|/var/tmp/reservaflow" || echo "$p"; done)
    [ -z "$foreign" ] || echo "ha deps: note: etcd/Patroni/Redis processes not from this checkout are running (pids $(echo "$foreign" | tr "\n" " ")); they use other ports" >&2
}

# ---------------------------------------------------------------------------------------------- secrets
secrets() {
    mkdir -p "$ha"
    if [ ! -f "$ha/secrets" ]; then
        (
            umask 077
            for key in PG_SUPER_PASSWORD PG_REPL_PASSWORD PG_REWIND_PASSWORD PG_OWNER_PASSWORD PG_APP_PASSWORD \
                       PG_API_PASSWORD PG_DAEMON_PASSWORD PATRONI_API_PASSWORD REDIS_PASSWORD; do
                printf '%s=%s\n' "$key" "$(head -c 18 /dev/urandom | base64 | tr -d '/+=')"
            done
            printf 'LINK_SECRET=%s\n' "$(head -c 32 /dev/urandom | base64 | tr -d '/+=')"
        ) > "$ha/secrets.tmp"
        chmod 600 "$ha/secrets.tmp"
        mv "$ha/secrets.tmp" "$ha/secrets"
    fi
    # The API's and the daemon's own roles (a cluster made before them lacks their passwords).
    for key in PG_API_PASSWORD PG_DAEMON_PASSWORD; do
        grep -q "^$key=" "$ha/secrets" || ( umask 077; printf '%s=%s\n' "$key" "$(head -c 18 /dev/urandom | base64 | tr -d '/+=')" >> "$ha/secrets" )
    done
    # shellcheck disable=SC1091
    . "$ha/secrets"
}

# ---------------------------------------------------------------------------------------------- etcd
etcd_running() { pidfile_alive "$ha/etcd.pid"; }
etcd_start() {
    etcd_running && return 0
    port_open "$etcd_port" && die "port $etcd_port (etcd) is taken by another program: set RF_HA_BASE_PORT"
    mkdir -p "$ha/etcd"
    chmod 700 "$ha/etcd"
    ( umask 077; touch "$ha/etcd.log" )
    # One member, v3 API only (Patroni's etcd3 section). No secrets on this command line.
    # setsid: its own session, so a Ctrl-C meant for the caller reaches etcd only through `down`. It execs
    # (this subshell is no group leader), so $! stays etcd's pid.
    ( umask 077; exec setsid etcd --name default --data-dir "$ha/etcd/data" \
        --listen-client-urls "http://127.0.0.1:$etcd_port" --advertise-client-urls "http://127.0.0.1:$etcd_port" \
        --listen-peer-urls "http://127.0.0.1:$etcd_peer_port" --initial-advertise-peer-urls "http://127.0.0.1:$etcd_peer_port" \
        --initial-cluster "default=http://127.0.0.1:$etcd_peer_port" --initial-cluster-token "$scope" \
        --initial-cluster-state new --logger zap --log-outputs stderr >>"$ha/etcd.log" 2>&1 ) &
    echo $! > "$ha/etcd.pid"
    for _ in $(seq 1 100); do
        curl -fsS --max-time 1 "http://127.0.0.1:$etcd_port/health" 2>/dev/null | grep -q '"health":"true"' && return 0
        etcd_running || break
        sleep 0.1
    done
    tail -20 "$ha/etcd.log" >&2
    die "etcd did not come up on 127.0.0.1:$etcd_port"
}

# ---------------------------------------------------------------------------------------------- Patroni
# synchronous_mode_strict: false. Observed here (issue 18): losing the synchronous standby stalls commits for
# 1-3 s until Patroni names the other replica synchronous; nothing else changes. The choice matters only
# when no replica is streaming:
#  - strict off (this): Patroni empties synchronous_standby_names and the leader goes on alone. With both
#    replicas killed, writes went on (a 1.4 s stall). Patroni records that no standby is synchronous, so it
#    promotes nobody meanwhile: the leader then killed too, the two replicas came back and stayed replicas
#    (writes stopped until the leader returned, nothing acknowledged was lost). Those commits have one copy,
#    on the leader's disk. The same short window follows every restart of the leader's PostgreSQL, until a
#    replica reconnects (wal_retrieve_retry_interval below keeps it short).
#  - strict on: with both replicas killed every commit waited, for 10 minutes until stopped: not bounded by
#    statement_timeout (PostgreSQL disarms it before the commit), each waiting session holding a connection.
#    Cancelling such a wait (pg_cancel_backend, or a client's own PQcancel) ends it with a WARNING "canceling
#    wait for synchronous replication ... already committed locally" and the commit reported as done, so
#    strict does not even keep its promise for a client that gives up by cancelling.
# With three nodes one replica can be lost without either mode mattering; off keeps the service writable
# when two are, at the price of single-copy commits until one is back.
write_patroni_config() {
    local name=$1 n dir
    n=$(node_num "$name")
    dir=$(node_dir "$name")
    mkdir -p "$dir"
    if [ "$(id -u)" -eq 0 ]; then chown "$pg_user_os" "$dir"; fi
    chmod 700 "$dir"
    # Passwords live in this file (mode 600, PostgreSQL's user's own, in its 700 folder), never on argv.
    ( umask 077; cat > "$dir/patroni.yml.tmp" <<YAML
scope: $scope
namespace: /reservaflow-ha/
name: $name

restapi:
  listen: 127.0.0.1:$(api_port "$n")
  connect_address: 127.0.0.1:$(api_port "$n")
  # Unsafe endpoints (switchover, restart, reinitialise) need this; patronictl reads it from here.
  authentication:
    username: patroni
    password: '$PATRONI_API_PASSWORD'

etcd3:
  hosts: 127.0.0.1:$etcd_port

bootstrap:
  dcs:
    # The failover timing (dcs_ttl, at the top).
    ttl: $dcs_ttl
    loop_wait: $dcs_loop_wait
    retry_timeout: $dcs_retry_timeout
    maximum_lag_on_failover: 1048576
    # A commit returns once the synchronous standby has it on disk, and only that standby may be
    # promoted: a failover never loses an acknowledged booking.
    synchronous_mode: true
    # Why not strict: see the comment above write_patroni_config in scripts/ha.sh.
    synchronous_mode_strict: false
    postgresql:
      use_pg_rewind: true
      use_slots: true
      parameters:
        max_connections: 200
        shared_buffers: 64MB
        synchronous_commit: 'on'
        fsync: 'on'
        wal_level: replica
        hot_standby: 'on'
        wal_log_hints: 'on'
        max_wal_senders: 10
        max_replication_slots: 10
        wal_keep_size: 256MB
        # A replica retries its primary every second (default 5): after a restart of the primary the
        # synchronous standby is back, and commits have their second copy again, sooner.
        wal_retrieve_retry_interval: 1s
        password_encryption: scram-sha-256
        # Failing statements and their rows' contents stay out of the log, as in scripts/stack.sh.
        log_min_error_statement: panic
        log_error_verbosity: terse
  initdb:
    - encoding: UTF8
    - locale: C.UTF-8
    - data-checksums
    - auth-local: scram-sha-256
    - auth-host: scram-sha-256

postgresql:
  listen: 127.0.0.1:$(pg_port "$n")
  connect_address: 127.0.0.1:$(pg_port "$n")
  data_dir: $dir/data
  bin_dir: $pgbin
  pgpass: $dir/pgpass
  authentication:
    superuser:
      username: rf_superuser
      password: '$PG_SUPER_PASSWORD'
    replication:
      username: rf_replicator
      password: '$PG_REPL_PASSWORD'
    rewind:
      username: rf_rewind
      password: '$PG_REWIND_PASSWORD'
  parameters:
    # The socket stays inside the node's 700 folder: only PostgreSQL's user (and root) reach it.
    unix_socket_directories: '$dir'
    # The server log (guest data can appear in error details) stays in the data directory, mode 600.
    logging_collector: 'on'
    log_directory: log
    log_filename: postgresql.log
    log_file_mode: '0600'
  pg_hba:
    - local all all scram-sha-256
    - host all all 127.0.0.1/32 scram-sha-256
    - host replication rf_replicator 127.0.0.1/32 scram-sha-256

# No softdog here (a test machine): a hung node is told apart by its leader key's ttl alone.
watchdog:
  mode: 'off'

tags:
  nofailover: false
  noloadbalance: false
  clonefrom: false
  nosync: false
YAML
    )
    if [ "$(id -u)" -eq 0 ]; then chown "$pg_user_os" "$dir/patroni.yml.tmp"; fi
    mv -f "$dir/patroni.yml.tmp" "$dir/patroni.yml"
}

patroni_pid() { local f; f="$(node_dir "$1")/patroni.pid"; [ -f "$f" ] && cat "$f" || true; }
patroni_running() { pid_alive "$(patroni_pid "$1")"; }
postmaster_pid() {
    local f; f="$(node_dir "$1")/data/postmaster.pid"
    [ -f "$f" ] && head -n1 "$f" || true
}

patroni_start() {
    local name=$1 n dir
    n=$(node_num "$name")
    dir=$(node_dir "$name")
    patroni_running "$name" && return 0
    # A Patroni of this node whose pid file was lost (or overwritten) is adopted, never doubled.
    local stray
    stray=$(pgrep -u "$pg_user_os" -f -- "/bin/patroni $dir/patroni.yml\$" | head -n1 || true)
    if [ -n "$stray" ]; then echo "$stray" > "$dir/patroni.pid"; return 0; fi
    port_open "$(pg_port "$n")" && die "port $(pg_port "$n") ($name's PostgreSQL) is taken: set RF_HA_BASE_PORT"
    port_open "$(api_port "$n")" && die "port $(api_port "$n") ($name's Patroni API) is taken: set RF_HA_BASE_PORT"
    write_patroni_config "$name"
    ( umask 077; touch "$dir/patroni.log" )
    if [ "$(id -u)" -eq 0 ]; then chown "$pg_user_os" "$dir/patroni.log"; fi
    chmod 600 "$dir/patroni.log"
    # setpriv execs (runuser would stay as a parent), so $! is Patroni's own pid; a clean environment keeps
    # this shell's (the driver's .ha/env, passwords included) out of Patroni and PostgreSQL.
    local drop=()
    if [ "$(id -u)" -eq 0 ]; then drop=(setpriv --reuid="$pg_user_os" --regid="$pg_user_os" --init-groups); fi
    ( cd / && umask 077 && exec setsid env -i PATH=/usr/bin:/bin HOME=/var/lib/postgresql LANG=C.UTF-8 \
        "${drop[@]}" "$patroni_bin" "$dir/patroni.yml" >>"$dir/patroni.log" 2>&1 ) &
    echo $! > "$dir/patroni.pid"
}

patroni_logs_tail() {
    local name
    for name in $nodes; do
        echo "--- $name: $(node_dir "$name")/patroni.log (last 15 lines)" >&2
        tail -15 "$(node_dir "$name")/patroni.log" >&2 2>/dev/null || true
    done
}

# The cluster as the DCS sees it, one member a line: NAME ROLE STATE PORT (role leader, sync_standby or
# replica). Asked of each node's REST API in turn (a GET needs no password), so one dead node is no matter.
members() {
    local n out
    for n in 1 2 3; do
        out=$(curl -fsS --max-time 1 "http://127.0.0.1:$(api_port "$n")/cluster" 2>/dev/null) || continue
        printf '%s' "$out" | /usr/bin/python3 -c '
import json, sys
for m in json.load(sys.stdin).get("members", []):
    role = m.get("role", "?")
    if role in ("master", "primary", "standby_leader"): role = "leader"
    print(m.get("name"), role, m.get("state", "?").replace(" ", "_"), m.get("port", "?"))
' && return 0
    done
    return 1
}
leader_name() { members 2>/dev/null | awk '$2=="leader" {print $1; exit}'; }
# A member is healthy when "running" (the leader) or "streaming" (a replica receiving WAL, Patroni 3.0.4+).
healthy='$3=="running" || $3=="streaming"'
sync_name() { members 2>/dev/null | awk '$2=="sync_standby" && ('"$healthy"') {print $1; exit}'; }

patroni_cfg() {
    local name
    for name in $nodes; do [ -f "$(node_dir "$name")/patroni.yml" ] && { echo "$(node_dir "$name")/patroni.yml"; return 0; }; done
    die "no Patroni configuration yet: run scripts/ha.sh up"
}
patronictl_() { "$patronictl_bin" -c "$(patroni_cfg)" "$@"; }

# The failover timing (`dcs_ttl` and the rest, at the top) on a running cluster: one made before a change
# keeps its own values in etcd, so `up` sets them there too (a no-op when they match).
apply_dcs_timing() {
    patronictl_ edit-config --force -s "ttl=$dcs_ttl" -s "loop_wait=$dcs_loop_wait" -s "retry_timeout=$dcs_retry_timeout" \
        >"$ha/run/edit-config.out" 2>&1 || { cat "$ha/run/edit-config.out" >&2; die "could not set the cluster's ttl"; }
}

hosts_list() { echo "127.0.0.1:$(pg_port 1),127.0.0.1:$(pg_port 2),127.0.0.1:$(pg_port 3)"; }

# psql as the superuser on the leader. Passwords travel in the environment. Not through the three hosts:
# libpq moves on to the next host when one is starting up or read-only, but not when it answers
# "database does not exist", which a replica that has not replayed CREATE DATABASE yet does.
admin_psql() {
    local port; port=$(members | awk '$2=="leader" {print $4; exit}')
    [ -n "$port" ] || die "no leader to run SQL on"
    PGPASSWORD="$PG_SUPER_PASSWORD" PGCONNECT_TIMEOUT=2 PGTARGETSESSIONATTRS=read-write PGOPTIONS="-c client_min_messages=warning" \
        psql -X -q -v ON_ERROR_STOP=1 -h 127.0.0.1 -p "$port" -U rf_superuser "$@"
}

# True once some node takes a write that needs the synchronous standby to commit (txid_current() gives the
# transaction an id, so its commit waits for the standby when one is configured). `timeout` ends a psql
# that waits, not statement_timeout: that would cancel the wait and report the commit as done.
writable() {
    PGPASSWORD="$PG_SUPER_PASSWORD" PGCONNECT_TIMEOUT=2 PGTARGETSESSIONATTRS=read-write timeout 6 \
        psql -X -q -h "127.0.0.1,127.0.0.1,127.0.0.1" -p "$(pg_port 1),$(pg_port 2),$(pg_port 3)" -U rf_superuser \
        -d postgres -Atc 'SELECT txid_current()' >/dev/null 2>&1
}

# Each node's own REST API says running or streaming (the DCS keeps a dead node's entry until its ttl ends).
all_nodes_answer() {
    local n state
    for n in 1 2 3; do
        state=$(curl -fsS --max-time 1 "http://127.0.0.1:$(api_port "$n")/patroni" 2>/dev/null | \
            /usr/bin/python3 -c 'import json, sys; print(json.load(sys.stdin).get("state", ""))' 2>/dev/null) || return 1
        case "$state" in running|streaming) ;; *) return 1 ;; esac
    done
}

# Waits for: a leader that takes writes, a streaming synchronous standby, and (with want=3) three healthy
# members. Prints the Patroni logs' tail and fails on timeout.
wait_cluster() {
    local want=${1:-2} timeout=${2:-$up_timeout} t0 m
    t0=$(date +%s)
    while :; do
        m=$(members 2>/dev/null || true)
        if echo "$m" | grep -q ' leader running ' && echo "$m" | grep -Eq ' sync_standby (running|streaming) ' && \
           [ "$(echo "$m" | awk "$healthy" | wc -l)" -ge "$want" ] && { [ "$want" -lt 3 ] || all_nodes_answer; } && writable; then
            return 0
        fi
        if [ $(( $(date +%s) - t0 )) -ge "$timeout" ]; then
            echo "ha: after ${timeout} s the cluster has no writable leader with a synchronous standby and $want healthy members:" >&2
            echo "${m:-  (no member answers)}" | sed 's/^/  /' >&2
            patroni_logs_tail
            exit 1
        fi
        sleep 0.5
    done
}

# Roles and database as stack.sh makes them (docs/security.md): rf_superuser for this script and the
# tests' scratch databases, reservaflow_owner owns the schema, reservaflow_app is what the programs use.
ensure_roles() {
    PG_OWNER_PASSWORD="$PG_OWNER_PASSWORD" PG_APP_PASSWORD="$PG_APP_PASSWORD" PG_API_PASSWORD="$PG_API_PASSWORD" \
        PG_DAEMON_PASSWORD="$PG_DAEMON_PASSWORD" admin_psql -d postgres -f "$root/deploy/roles.sql" >/dev/null
}
ensure_database() {
    local exists
    exists=$(admin_psql -d postgres -Atc "SELECT 1 FROM pg_database WHERE datname = '$1'")
    [ "$exists" = "1" ] || admin_psql -d postgres -c "CREATE DATABASE $1 OWNER reservaflow_owner" >/dev/null
    admin_psql -d "$1" -c "CREATE EXTENSION IF NOT EXISTS btree_gist" >/dev/null
}

# ---------------------------------------------------------------------------------------------- Redis
redis_conf() { echo "$ha/redis/$1.conf"; }
redis_pid() { [ -f "$ha/redis/$1.pid" ] && cat "$ha/redis/$1.pid" || true; }
redis_running() { pid_alive "$(redis_pid "$1")"; }
rcli() { REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli --no-auth-warning -h 127.0.0.1 -p "$1" "${@:2}"; }

# The master as the sentinels see it: "PORT", from the first sentinel that answers.
sentinel_master_port() {
    local s out
    for s in 1 2 3; do
        out=$(timeout 2 env REDISCLI_AUTH="$REDIS_PASSWORD" redis-cli --no-auth-warning -h 127.0.0.1 -p "$(sentinel_port "$s")" \
            SENTINEL get-master-addr-by-name "$master_name" 2>/dev/null | sed -n 2p) || continue
        [ -n "$out" ] && { echo "$out"; return 0; }
    done
    return 1
}
redis_name_of_port() { [ "$1" = "$(redis_port 1)" ] && echo r1 || { [ "$1" = "$(redis_port 2)" ] && echo r2; } || true; }

# Config files, not argv, carry the password (ps shows argv). Written mode 600 in a 700 folder, and the
# servers run with umask 077: a sentinel rewrites its file (and a redis its own on failover) and would
# otherwise leave it world-readable.
write_redis_config() {
    local name=$1 n=${1#r} replicaof=${2:-}
    mkdir -p "$ha/redis/$name"
    ( umask 077; cat > "$(redis_conf "$name").tmp" <<CONF
port $(redis_port "$n")
bind 127.0.0.1
daemonize yes
dir $ha/redis/$name
pidfile $ha/redis/$name.pid
logfile $ha/redis/$name.log
save ""
appendonly no
requirepass $REDIS_PASSWORD
masterauth $REDIS_PASSWORD
${replicaof:+replicaof 127.0.0.1 $replicaof}
CONF
    )
    mv -f "$(redis_conf "$name").tmp" "$(redis_conf "$name")"
}
write_sentinel_config() {
    local n=$1 master=$2
    ( umask 077; cat > "$ha/redis/s$n.conf" <<CONF
port $(sentinel_port "$n")
bind 127.0.0.1
daemonize yes
dir $ha/redis
pidfile $ha/redis/s$n.pid
logfile $ha/redis/s$n.log
requirepass $REDIS_PASSWORD
sentinel sentinel-pass $REDIS_PASSWORD
sentinel monitor $master_name 127.0.0.1 $master 2
sentinel auth-pass $master_name $REDIS_PASSWORD
sentinel down-after-milliseconds $master_name 2000
sentinel failover-timeout $master_name 10000
sentinel parallel-syncs $master_name 1
CONF
    )
}
redis_start_one() {
    local name=$1
    redis_running "$name" && return 0
    local port; port=$(redis_port "${name#r}")
    port_open "$port" && die "port $port (Redis $name) is taken: set RF_HA_BASE_PORT"
    ( umask 077; touch "$ha/redis/$name.log" )
    ( umask 077; redis-server "$(redis_conf "$name")" >/dev/null )
    for _ in $(seq 1 50); do redis_running "$name" && return 0; sleep 0.1; done
    tail -5 "$ha/redis/$name.log" >&2
    die "Redis $name did not start"
}
sentinel_running() { pidfile_alive "$ha/redis/s$1.pid"; }
sentinel_start() {
    local n=$1
    sentinel_running "$n" && return 0
    port_open "$(sentinel_port "$n")" && die "port $(sentinel_port "$n") (sentinel $n) is taken: set RF_HA_BASE_PORT"
    ( umask 077; redis-sentinel "$ha/redis/s$n.conf" >/dev/null )
    for _ in $(seq 1 50); do sentinel_running "$n" && return 0; sleep 0.1; done
    tail -5 "$ha/redis/s$n.log" >&2
    die "sentinel $n did not start"
}
redis_up() {
    mkdir -p "$ha/redis"
    chmod 700 "$ha/redis"
    local master
    # A stack brought back after `down`: the sentinels' files remember the last master (not rewritten here).
    [ -f "$(redis_conf r1)" ] || write_redis_config r1
    [ -f "$(redis_conf r2)" ] || write_redis_config r2 "$(redis_port 1)"
    redis_start_one r1
    redis_start_one r2
    for n in 1 2 3; do
        [ -f "$ha/redis/s$n.conf" ] || write_sentinel_config "$n" "$(redis_port 1)"
        sentinel_start "$n"
    done
    wait_redis
}
# A master the sentinels agree on, answering as master, with its replica linked.
wait_redis() {
    local port info
    for _ in $(seq 1 300); do
        if port=$(sentinel_master_port) && info=$(rcli "$port" INFO replication 2>/dev/null) && \
           echo "$info" | grep -q '^role:master' && echo "$info" | grep -q '^connected_slaves:1' && \
           echo "$info" | grep -q 'state=online'; then
            return 0
        fi
        sleep 0.1
    done
    die "Redis: no master with an online replica after 30 s (sentinels say: ${port:-nothing}); logs in $ha/redis"
}

# ---------------------------------------------------------------------------------------------- up/down
write_env() {
    local hosts; hosts=$(hosts_list)
    local q="target_session_attrs=read-write&connect_timeout=2"
    (
        umask 077
        cat > "$ha/env.tmp.$$" <<ENV
DATABASE_URL=postgresql://reservaflow_app:$PG_APP_PASSWORD@$hosts/reservaflow?$q
API_DATABASE_URL=postgresql://reservaflow_api:$PG_API_PASSWORD@$hosts/reservaflow?$q
DAEMON_DATABASE_URL=postgresql://reservaflow_daemon:$PG_DAEMON_PASSWORD@$hosts/reservaflow?$q
MIGRATION_DATABASE_URL=postgresql://reservaflow_owner:$PG_OWNER_PASSWORD@$hosts/reservaflow?$q
PG_ADMIN_URL=postgresql://rf_superuser:$PG_SUPER_PASSWORD@$hosts/postgres?$q
REDIS_URL=redis-sentinel://:$REDIS_PASSWORD@127.0.0.1:$(sentinel_port 1),127.0.0.1:$(sentinel_port 2),127.0.0.1:$(sentinel_port 3)/$master_name/0
LINK_SECRET=$LINK_SECRET
PUBLIC_URL=http://127.0.0.1:$app_port
HA_API_PORT=$app_port
HA_MAIL_PORT=$mail_port
ENV
    )
    mv -f "$ha/env.tmp.$$" "$ha/env"
}

up() {
    [ -x "$pgbin/postgres" ] || die "PostgreSQL 15 is not installed: run scripts/ha.sh deps"
    [ -x "$patroni_bin" ] && command -v etcd >/dev/null && command -v redis-sentinel >/dev/null || \
        die "patroni, etcd or redis-sentinel missing: run scripts/ha.sh deps"
    mkdir -p "$ha/run"
    chmod 700 "$ha/run"
    secrets
    etcd_start
    for name in $nodes; do patroni_start "$name"; done
    wait_cluster 2
    apply_dcs_timing
    ensure_roles
    ensure_database reservaflow
    redis_up
    write_env
    echo "ha up: PostgreSQL on 127.0.0.1:$(pg_port 1),$(pg_port 2),$(pg_port 3) (leader $(leader_name)), Redis sentinels on 127.0.0.1:$(sentinel_port 1),$(sentinel_port 2),$(sentinel_port 3) (settings in .ha/env)"
}

# Stops one pid politely, then for sure; waits for it to be gone.
stop_pid() {
    local pid=$1 wait_s=${2:-30}
    pid_alive "$pid" || return 0
    kill -CONT "$pid" 2>/dev/null || true   # a stopped process cannot act on SIGTERM
    kill "$pid" 2>/dev/null || true
    for _ in $(seq 1 $((wait_s * 10))); do pid_alive "$pid" || return 0; sleep 0.1; done
    kill -9 "$pid" 2>/dev/null || true
}

down() {
    local name pid pm
    # Resume anything a fault left stopped, or SIGTERM would wait forever.
    for name in $nodes; do cont_pids "$name" >/dev/null 2>&1 || true; done
    # Patroni stops its PostgreSQL on SIGTERM (and gives up the leader key): all three are asked at once,
    # then each is waited for.
    for name in $nodes; do
        pid=$(patroni_pid "$name")
        pid_alive "$pid" && kill "$pid" 2>/dev/null || true
    done
    for name in $nodes; do
        stop_pid "$(patroni_pid "$name")" 40
        rm -f "$(node_dir "$name")/patroni.pid"
        # A postmaster left behind (its Patroni killed with -9 earlier): stop it fast, then for sure.
        pm=$(postmaster_pid "$name")
        if pid_alive "$pm" && tr '\0' ' ' < "/proc/$pm/cmdline" 2>/dev/null | grep -q "$(node_dir "$name")/data"; then
            as_pg "$pgbin/pg_ctl" -D "$(node_dir "$name")/data" -m fast -w -t 20 stop >/dev/null 2>&1 || kill -9 "$pm" 2>/dev/null || true
        fi
    done
    for n in 1 2 3; do stop_pid "$(cat "$ha/redis/s$n.pid" 2>/dev/null || true)" 5; done
    for r in r1 r2; do stop_pid "$(redis_pid "$r")" 5; done
    stop_pid "$(cat "$ha/etcd.pid" 2>/dev/null || true)" 10
    rm -f "$ha/etcd.pid" "$ha/env"
    echo "ha down"
}

# Removes the cluster's data too (the next `up` bootstraps a new cluster, new passwords); keeps Patroni's venv.
destroy() {
    down >/dev/null
    for name in $nodes; do rm -rf "$(node_dir "$name")"; done
    rm -rf "$ha/etcd" "$ha/redis" "$ha/secrets" "$ha/run"
    echo "ha destroyed"
}

status() {
    secrets >/dev/null
    if ! etcd_running; then echo "etcd: stopped (scripts/ha.sh up starts the stack)"; return 0; fi
    timeout 15 "$patronictl_bin" -c "$(patroni_cfg)" list 2>/dev/null || echo "Patroni: no member answers"
    local port
    if port=$(sentinel_master_port); then
        echo "Redis master per sentinels: 127.0.0.1:$port ($(redis_name_of_port "$port"))"
        for r in r1 r2; do
            redis_running "$r" && echo "  $r (127.0.0.1:$(redis_port "${r#r}")): $(rcli "$(redis_port "${r#r}")" INFO replication 2>/dev/null | grep '^role:' | tr -d '\r')" \
                || echo "  $r (127.0.0.1:$(redis_port "${r#r}")): stopped"
        done
    else
        echo "Redis: no sentinel answers"
    fi
}

# ---------------------------------------------------------------------------------------------- faults
need_leader() { local l; l=$(leader_name); [ -n "$l" ] || die "no leader"; echo "$l"; }

# The node's PostgreSQL processes: its postmaster and every child (backends, walsender, checkpointer...).
pg_pids() {
    local pm; pm=$(postmaster_pid "$1")
    pid_alive "$pm" || return 0
    echo "$pm"
    pgrep -P "$pm" || true
}

kill_node() {   # kill -9 the node's Patroni and postmaster: a lost machine (the children die with it).
    local name=$1 pp pm
    pp=$(patroni_pid "$name"); pm=$(postmaster_pid "$name")
    # The postmaster's children would notice it gone and exit within a moment; a lost machine has none
    # left, so they go in the same kill (listed first: once the postmaster is dead they belong to pid 1).
    local kids=""
    pid_alive "$pm" && kids=$(pgrep -P "$pm" || true)
    # shellcheck disable=SC2086
    kill -9 $pp $pm $kids 2>/dev/null || true
    echo "patroni $pp, postmaster $pm and $(echo $kids | wc -w) children"
}

cont_pids() {
    local name=$1 f; f="$(node_dir "$name")/stopped.pids"
    [ -f "$f" ] || return 1
    # One kill call: Patroni and PostgreSQL resume within microseconds of each other.
    # shellcheck disable=SC2046
    kill -CONT $(cat "$f") 2>/dev/null || true
    rm -f "$f"
}

fault() {
    local what=$1 l s pm
    case "$what" in
        kill-leader-postmaster)
            l=$(need_leader); pm=$(postmaster_pid "$l")
            kill -9 "$pm"
            echo "kill-leader-postmaster: kill -9 $l's postmaster (pid $pm); its Patroni restarts it" ;;
        kill-leader-node)
            l=$(need_leader)
            echo "kill-leader-node: kill -9 $l ($(kill_node "$l")); bring it back with: scripts/ha.sh restart-node $l" ;;
        kill-sync-standby)
            s=$(sync_name); [ -n "$s" ] || die "no running synchronous standby"
            echo "kill-sync-standby: kill -9 $s ($(kill_node "$s")); bring it back with: scripts/ha.sh restart-node $s" ;;
        stop-leader)
            l=$(need_leader)
            local pp; pp=$(patroni_pid "$l")
            kill -STOP "$pp"
            # Patroni first (it would react), then the postmaster (no new children after), then its children.
            pm=$(postmaster_pid "$l"); kill -STOP "$pm" 2>/dev/null || true
            local kids; kids=$(pgrep -P "$pm" || true)
            # shellcheck disable=SC2086
            [ -z "$kids" ] || kill -STOP $kids 2>/dev/null || true
            echo "$pp $pm $kids" | tr '\n' ' ' > "$(node_dir "$l")/stopped.pids"
            echo "stop-leader: SIGSTOP $l's patroni $pp, postmaster $pm and $(echo "$kids" | wc -w) postgres children; resume with: scripts/ha.sh cont-node $l" ;;
        switchover)
            l=$(need_leader); s=$(sync_name); [ -n "$s" ] || die "no running synchronous standby to switch over to"
            patronictl_ switchover --leader "$l" --candidate "$s" --force >"$ha/switchover.out" 2>&1 || { cat "$ha/switchover.out" >&2; die "switchover failed"; }
            echo "switchover: $l -> $s (patronictl switchover --force)" ;;
        kill-redis-master)
            local port name pid
            port=$(sentinel_master_port) || die "no sentinel answers"
            name=$(redis_name_of_port "$port"); pid=$(redis_pid "$name")
            kill -9 "$pid"
            echo "kill-redis-master: kill -9 Redis $name (127.0.0.1:$port, pid $pid); bring it back with: scripts/ha.sh restart-redis" ;;
        *) die "unknown fault $what" ;;
    esac
}

restart_node() {
    local name=$1
    [ -f "$(node_dir "$name")/patroni.yml" ] || die "no node $name"
    if patroni_running "$name"; then
        [ -f "$(node_dir "$name")/stopped.pids" ] && { cont_pids "$name"; echo "restart-node: $name was stopped: resumed it"; return 0; }
        echo "restart-node: $name's Patroni is running already"; return 0
    fi
    # A postmaster whose Patroni was killed (kill-leader-node) is gone with its machine; one still alive
    # here (its Patroni alone died) would be adopted by the new Patroni anyway.
    patroni_start "$name"
    echo "restart-node: started $name's Patroni (pid $(patroni_pid "$name")); it rejoins as a replica (pg_rewind if needed)"
}

restart_redis() {
    local r port master restarted=""
    # The dead master must not come back claiming to be master: wait until the sentinels have promoted
    # the other one, then start it as that one's replica (the sentinels would convert it anyway, but
    # only after it had answered as an empty master for a moment).
    for r in r1 r2; do
        redis_running "$r" && continue
        for _ in $(seq 1 300); do
            master=$(sentinel_master_port 2>/dev/null || true)
            [ -n "$master" ] && [ "$master" != "$(redis_port "${r#r}")" ] && break
            sleep 0.1
        done
        [ -n "$master" ] && [ "$master" != "$(redis_port "${r#r}")" ] || die "the sentinels still name the dead $r master after 30 s"
        write_redis_config "$r" "$master"
        redis_start_one "$r"
        restarted="$restarted $r"
    done
    for n in 1 2 3; do sentinel_running "$n" || { sentinel_start "$n"; restarted="$restarted s$n"; }; done
    echo "restart-redis: restarted${restarted:- nothing (all running)}"
}

heal() {
    local name did=""
    etcd_running || { etcd_start; did="$did etcd"; }
    for name in $nodes; do
        if [ -f "$(node_dir "$name")/stopped.pids" ]; then cont_pids "$name"; did="$did cont:$name"; fi
        if ! patroni_running "$name"; then patroni_start "$name"; did="$did start:$name"; fi
    done
    local r; r=$(restart_redis); case "$r" in *"restarted nothing"*) ;; *) did="$did redis:${r#restart-redis: restarted }" ;; esac
    wait_cluster 3
    wait_redis
    echo "heal:${did:- nothing to do}; 3 members healthy, leader $(leader_name), sync standby $(sync_name)"
}

# Waits until every running node answers on database $1: libpq stops at a host that says "database does not
# exist" (a replica yet to replay CREATE DATABASE) instead of trying the next, so a new database is only
# usable through the three hosts once all have it.
wait_db() {
    local db=$1 n ok
    for _ in $(seq 1 100); do
        ok=1
        for n in 1 2 3; do
            patroni_running "node$n" || continue
            PGPASSWORD="$PG_SUPER_PASSWORD" PGCONNECT_TIMEOUT=2 psql -X -h 127.0.0.1 -p "$(pg_port "$n")" -U rf_superuser \
                -d "$db" -Atqc 'SELECT 1' >/dev/null 2>&1 || ok=0
        done
        [ "$ok" = 1 ] && return 0
        sleep 0.1
    done
    die "database $db is not on every running node after 10 s"
}

case "${1:-}" in
    deps) deps ;;
    up) up ;;
    down) down ;;
    destroy) destroy ;;
    status) status ;;
    env) sed -E -e 's#(://[^:/@]*:)[^@]*@#\1***@#' -e 's#^(LINK_SECRET=).*#\1***#' "$ha/env" ;;
    leader) l=$(leader_name); [ -n "$l" ] || die "no leader"; echo "$l" ;;
    sync-standby) s=$(sync_name); [ -n "$s" ] || die "no healthy synchronous standby"; echo "$s" ;;
    wait-db) [ -n "${2:-}" ] || die "usage: $0 wait-db NAME"; secrets >/dev/null; wait_db "$2" ;;
    leader-port) members | awk '$2=="leader" {print $4; f=1; exit} END {exit !f}' || die "no leader" ;;
    kill-leader-postmaster|kill-leader-node|kill-sync-standby|stop-leader|switchover|kill-redis-master) secrets >/dev/null; fault "$1" ;;
    restart-node) [ -n "${2:-}" ] || die "usage: $0 restart-node NAME"; secrets >/dev/null; restart_node "$2" ;;
    cont-node) [ -n "${2:-}" ] || die "usage: $0 cont-node NAME"; cont_pids "$2" && echo "cont-node: SIGCONT $2's patroni and postgres processes" || echo "cont-node: $2 was not stopped" ;;
    restart-redis) secrets >/dev/null; restart_redis ;;
    heal) secrets >/dev/null; heal ;;
    *) echo "usage: $0 deps|up|down|destroy|status|env|leader|leader-port|sync-standby|wait-db NAME|kill-leader-postmaster|kill-leader-node|restart-node NAME|stop-leader|cont-node NAME|switchover|kill-sync-standby|kill-redis-master|restart-redis|heal" >&2; exit 2 ;;
esac
