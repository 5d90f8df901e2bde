#!/usr/bin/env bash
# The house rules a machine can check (issue 23; docs/architecture.md, "How we keep the house"), run by
# `make test` before the build. Each names the file and line; exits 1 on any.
#   - no Swift source (programs and tests) over 300 lines (a file of one concern reads in one sitting);
#   - no JSON built by interpolation (Encodable values through JSONText; a name with a quote in it would
#     break the document);
#   - no SQLSTATE compared as a literal (PGError's named codes);
#   - no error classified by the prefix of its text (errors carry kinds: ReservationError's cases).
set -uo pipefail
cd "$(dirname "$0")/.."
failed=0
say() { echo "house: $*" >&2; failed=1; }

while read -r n file; do
    [ "$file" = total ] && continue
    [ "$n" -le 300 ] || say "$file has $n lines (at most 300: split it by concern)"
done < <(find Sources Tests -name '*.swift' -print0 | xargs -0 wc -l)

# A JSON object opened in a string literal on a line that also interpolates.
if hits=$(grep -rnE --include='*.swift' '(#"\{".*\\#\(|"\{\\".*\\\()' Sources); then
    while IFS= read -r h; do say "JSON by interpolation: $h"; done <<< "$hits"
fi
if hits=$(grep -rnE --include='*.swift' 'sqlState == "[0-9A-Z]{5}"' Sources); then
    while IFS= read -r h; do say "SQLSTATE literal (use PGError's named code): $h"; done <<< "$hits"
fi
if hits=$(grep -rnE --include='*.swift' '(what|message|description|reason|errorText)\??\.hasPrefix\(' Sources); then
    while IFS= read -r h; do say "an error told apart by its text: $h"; done <<< "$hits"
fi
[ $failed -eq 0 ] && echo "house: rules hold (file sizes, JSON, SQLSTATEs, error kinds)"
exit $failed
