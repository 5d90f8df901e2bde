#!/usr/bin/env bash
# The secrets compose.yaml mounts, made once: a random password per database role, Redis's, the key that
# signs confirm links, and an empty file for an SMTP relay's password. Existing files are kept (a password changed under a running database would lock
# the programs out until `db` restarts, which sets the roles' passwords from these files again).
#   scripts/compose-secrets.sh [DIR]     DIR defaults to $RESERVAFLOW_SECRETS, else ./secrets
# The folder is mode 700 (no other user of the host reads it); its files are 444 so that the containers'
# unprivileged users (postgres, redis, reservaflow) read the ones mounted for them. Prints no secret.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
dir=${1:-${RESERVAFLOW_SECRETS:-$root/secrets}}
mkdir -p "$dir"
chmod 700 "$dir"
made=()
for name in pg_owner_password pg_app_password pg_api_password pg_daemon_password redis_password link_secret; do
    [ -s "$dir/$name" ] && continue
    # Letters and digits only: a password goes into URLs and config lines without escaping.
    (umask 077; head -c 32 /dev/urandom | base64 | tr -dc 'A-Za-z0-9' | head -c 32 > "$dir/$name.tmp")
    chmod 444 "$dir/$name.tmp"
    mv -f "$dir/$name.tmp" "$dir/$name"
    made+=("$name")
done
# The SMTP relay's password is yours to write (compose.yaml's mail sink needs none): an empty file until then.
if [ ! -e "$dir/smtp_password" ]; then
    (umask 077; : > "$dir/smtp_password")
    chmod 444 "$dir/smtp_password"
    made+=(smtp_password)
fi
if [ ${#made[@]} -gt 0 ]; then echo "secrets: made ${made[*]} in $dir"; else echo "secrets: all there in $dir"; fi
