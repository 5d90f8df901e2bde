#!/usr/bin/env bash
# Checks deploy/systemd/*.service with `systemd-analyze verify` (unknown directives, bad values, a missing
# [Install] target). The units name /usr/local/bin/..., where this machine has no binaries: the copies
# checked name stand-ins in a temporary folder instead, and nothing is installed. Skips (exit 0, said)
# where systemd-analyze is missing; exits 1 on any complaint.
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
if ! command -v systemd-analyze >/dev/null; then
    echo "units: systemd-analyze is not installed here; not checked"
    exit 0
fi
work=$(mktemp -d)
trap 'rm -rf "$work"' EXIT
mkdir -p "$work/bin"
for unit in "$root"/deploy/systemd/*.service; do
    name=$(basename "$unit")
    sed "s#/usr/local/bin/#$work/bin/#g" "$unit" > "$work/$name"
    grep -o "$work/bin/[a-z-]*" "$work/$name" | sort -u | while read -r program; do
        install -m 0755 /bin/true "$program"
    done
done
if out=$(cd "$work" && systemd-analyze verify ./*.service 2>&1) && [ -z "$out" ]; then
    echo "units: deploy/systemd/*.service verified"
else
    echo "units: systemd-analyze verify complained:" >&2
    printf '%s\n' "${out//$work\//}" >&2
    exit 1
fi
