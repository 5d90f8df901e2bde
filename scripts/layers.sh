#!/usr/bin/env bash
# Checks the target graph against the layers (scripts/layers.py says which rules).
set -euo pipefail
cd "$(dirname "$0")/.."
swift package describe --type json | python3 scripts/layers.py
