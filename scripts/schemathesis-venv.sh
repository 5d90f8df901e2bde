#!/usr/bin/env bash
# Schemathesis (from PyPI) in a virtualenv of its own under .build/, made once; prints the path of `st`.
# The suite runs it against the live API (Tests/IntegrationTests/API/SchemathesisTests.swift).
set -euo pipefail
root="$(cd "$(dirname "$0")/.." && pwd)"
venv="$root/.build/venv-schemathesis"
version=4.32.5
if [ ! -x "$venv/bin/st" ] || ! "$venv/bin/st" --version 2>/dev/null | grep -q "$version"; then
    rm -rf "$venv"
    /usr/bin/python3 -m venv "$venv" >&2
    "$venv/bin/pip" install -q --disable-pip-version-check "schemathesis==$version" >&2
fi
echo "$venv/bin/st"
