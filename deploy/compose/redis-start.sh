#!/bin/sh
# compose.yaml's Redis, run as the image's `redis` user: the password from the secret goes into a config
# file only this user reads (never on a command line, where `ps` on the host shows it). Redis holds only
# leases and a cache (docs/architecture.md): nothing is saved, a restart starts it empty.
set -eu
[ -s /run/secrets/redis_password ] || { echo "redis: the secret redis_password is missing or empty" >&2; exit 1; }
umask 077
printf 'requirepass %s\n' "$(cat /run/secrets/redis_password)" > /tmp/redis.conf
exec redis-server /tmp/redis.conf --port 6379 --save '' --appendonly no
