#!/usr/bin/env bash
# The versions every test, benchmark and fault run builds with: dependencies.lock.txt lists each package
# SwiftPM resolves (direct and transitive, `name version`), and the runs refuse to start on anything else.
# Package.resolved cannot be that record: the package copies on these machines carry commit ids of their
# own, so git ignores it (docs/architecture.md, "Dependencies").
#
#   scripts/deps-lock.sh            compares what SwiftPM resolves with the list; names each difference
#   scripts/deps-lock.sh --update   rewrites the list from what SwiftPM resolves now (`make deps-lock`), for a
#                                   deliberate upgrade or a new dependency: commit it with that change
#   . scripts/deps-lock.sh          defines check_dependency_lock, which scripts/test.sh, faults.sh, ha-run.sh
#                                   and bench*.sh run before they build
# Further arguments go to `swift package` (e.g. --scratch-path .build-wt).

# The resolved graph as JSON on stdout; SwiftPM's fetch and checkout lines only when it fails.
dependency_graph() {
    local root=$1 log graph
    shift
    log=$(mktemp)
    if ! graph=$(cd "$root" && swift package "$@" show-dependencies --format json 2>"$log"); then
        echo "deps: SwiftPM could not resolve the dependencies:" >&2
        cat "$log" >&2
        rm -f "$log"
        return 1
    fi
    rm -f "$log"
    printf '%s\n' "$graph"
}

check_dependency_lock() {
    local root lock graph differences rc=0
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    lock="$root/dependencies.lock.txt"
    if [ ! -f "$lock" ]; then
        echo "deps: $lock is missing; \`make deps-lock\` writes it from what SwiftPM resolves." >&2
        return 1
    fi
    graph=$(dependency_graph "$root" "$@") || return 1
    differences=$(printf '%s\n' "$graph" | python3 "$root/scripts/deps_lock.py" check "$lock") || rc=$?
    if [ "$rc" -eq 0 ]; then
        echo "deps: every package at the version dependencies.lock.txt lists"
        return 0
    fi
    if [ "$rc" -ne 1 ]; then return "$rc"; fi
    # `swift package resolve NAME --version V` puts one listed version back without touching Package.swift.
    local resolve
    resolve=$(printf '%s\n' "$differences" | awk -v opts="$*" '$2 == "listed" && $4 == "resolved" {
        sub(",", "", $3); print "    swift package " (opts == "" ? "" : opts " ") "resolve " $1 " --version " $3 }')
    cat >&2 <<EOF
deps: SwiftPM resolved other versions than dependencies.lock.txt lists:
$differences
deps: the tests, benchmarks and fault runs build with the listed versions only, so this run stops here.
  A deliberate upgrade or a new dependency: \`make deps-lock\` (scripts/deps-lock.sh --update) rewrites the
  list; commit it together with the Package.swift change.
  Not meant, with Package.swift's requirements as they were: SwiftPM kept an earlier resolution
  (Package.resolved, which git ignores, or the build folder's checkouts), or took a newer release that a
  dependency's own \`from:\` lets in. Put the listed versions back:
${resolve:-    (none to put back: a package came or went, so Package.swift and the list disagree)}
EOF
    return 1
}

update_dependency_lock() {
    local root lock graph list
    root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
    lock="$root/dependencies.lock.txt"
    graph=$(dependency_graph "$root" "$@") || return 1
    list=$(printf '%s\n' "$graph" | python3 "$root/scripts/deps_lock.py" list)
    {
        echo "# Every package SwiftPM resolves for ReservaFlow, direct and transitive: the versions the tests,"
        echo "# benchmarks and fault runs build with (they refuse any other). Written by \`make deps-lock\`;"
        echo "# commit a change here together with the Package.swift change that caused it."
        printf '%s\n' "$list"
    } > "$lock"
    echo "deps: wrote dependencies.lock.txt ($(printf '%s\n' "$list" | wc -l) packages)"
}

if [ "${BASH_SOURCE[0]}" = "$0" ]; then
    set -euo pipefail
    case "${1:-}" in
        --update) shift; update_dependency_lock "$@" ;;
        -h|--help) sed -n '2,12p' "$0" | sed 's/^# \{0,1\}//' ;;
        *) check_dependency_lock "$@" ;;
    esac
fi
