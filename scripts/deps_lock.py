"""Every package SwiftPM resolved, read from `swift package show-dependencies --format json` on stdin, as one
`name version` line each (the package's identity, sorted), so that one list records direct and transitive
dependencies alike.

  deps_lock.py list        prints that list
  deps_lock.py check FILE  compares it with FILE (lines starting with # are comments); prints one line per
                           package whose version differs, is missing from FILE or is no longer resolved,
                           and exits 1 when there is any (2: FILE or the arguments are malformed)
"""
import json
import sys


def resolved(graph):
    found = {}
    todo = list(graph.get("dependencies", []))
    while todo:
        package = todo.pop()
        found[package["identity"]] = package["version"]
        todo.extend(package.get("dependencies", []))
    return found


def listed(path):
    entries = {}
    with open(path, encoding="utf-8") as f:
        for number, line in enumerate(f, 1):
            line = line.strip()
            if not line or line.startswith("#"):
                continue
            fields = line.split()
            if len(fields) != 2:
                print(f"{path}:{number}: expected 'name version', got {line!r}", file=sys.stderr)
                sys.exit(2)
            entries[fields[0]] = fields[1]
    return entries


def differences(want, have):
    width = max(map(len, want.keys() | have.keys()), default=0)
    lines = []
    for name in sorted(want.keys() | have.keys()):
        w, h = want.get(name), have.get(name)
        if w == h:
            continue
        if w is None:
            lines.append(f"  {name:<{width}}  not listed, resolved {h}")
        elif h is None:
            lines.append(f"  {name:<{width}}  listed {w}, no longer resolved")
        else:
            lines.append(f"  {name:<{width}}  listed {w}, resolved {h}")
    return lines


def main(argv):
    if argv[1:] == ["list"]:
        for name, version in sorted(resolved(json.load(sys.stdin)).items()):
            print(name, version)
        return 0
    if len(argv) == 3 and argv[1] == "check":
        lines = differences(listed(argv[2]), resolved(json.load(sys.stdin)))
        for line in lines:
            print(line)
        return 1 if lines else 0
    print(__doc__, file=sys.stderr)
    return 2


if __name__ == "__main__":
    sys.exit(main(sys.argv))
