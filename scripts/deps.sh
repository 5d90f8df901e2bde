#!/usr/bin/env bash
# Installs the Debian packages ReservaFlow builds and runs with, only when something is missing.
set -euo pipefail
packages=(libncursesw5-dev libpq-dev libhiredis-dev libcurl4-openssl-dev libsodium-dev
          postgresql postgresql-contrib redis-server tmux python3-aiosmtpd python3-venv
          openssh-server locales procps)
missing=()
for p in "${packages[@]}"; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q "install ok installed" || missing+=("$p")
done
if [ ${#missing[@]} -eq 0 ]; then exit 0; fi
echo "Installing: ${missing[*]}"
sudo_cmd=()
if [ "$(id -u)" -ne 0 ]; then sudo_cmd=(sudo); fi
export DEBIAN_FRONTEND=noninteractive
"${sudo_cmd[@]}" apt-get update -qq
# The packages' own init scripts must not start system-wide servers: the stack runs private ones.
"${sudo_cmd[@]}" apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
if ! command -v swift >/dev/null; then
    echo "swift is not on PATH: install the Swift 6.3 toolchain (https://swift.org/install) first." >&2
    exit 1
fi
