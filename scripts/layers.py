"""The layers (docs/architecture.md), checked from `swift package describe --type json` on stdin: the domain
depends on nothing, the UI on the domain only (so it and its tests link no C library), the podium's runtime
(the effect worker) on no terminal (so it is tested without one), and only ReservationNative and the
terminal backend depend on a C module. Exits 1 naming each target that breaks a rule."""
import json
import sys

targets = {t["name"]: t for t in json.load(sys.stdin)["targets"]}


def deps(name):
    return set(targets[name].get("target_dependencies", []))


def reach(name):
    seen, todo = set(), [name]
    while todo:
        for dep in deps(todo.pop()) - seen:
            seen.add(dep)
            todo.append(dep)
    return seen


C_MODULES = {"CLibPQ", "CHiredis", "CSodium", "CCurl", "CNcurses"}
MAY_USE_C = {"ReservationNative", "TerminalBackend"}
ALLOWED = {
    "ReservationDomain": set(),
    "ReservationDomainTests": {"ReservationDomain"},
    "ReservaFlowUI": {"ReservationDomain"},
    "ReservaFlowUITests": {"ReservaFlowUI", "ReservationDomain"},
}

# Targets that must not reach these (whatever else they may).
FORBIDDEN = {
    "PodiumRuntime": {"TerminalBackend", "CNcurses"},
    "PodiumRuntimeTests": {"TerminalBackend", "CNcurses"},
}

failures = []
for name, forbidden in FORBIDDEN.items():
    extra = reach(name) & forbidden
    if extra:
        failures.append(f"{name} reaches {sorted(extra)}; it must run without a terminal")
for name, allowed in ALLOWED.items():
    extra = reach(name) - allowed
    if extra:
        failures.append(f"{name} reaches {sorted(extra)}; it may reach {sorted(allowed) or 'nothing'}")
for name in targets:
    direct = deps(name) & C_MODULES
    if direct and name not in MAY_USE_C and name not in C_MODULES:
        failures.append(f"{name} depends on {sorted(direct)} directly; only {sorted(MAY_USE_C)} may")
for failure in failures:
    print("layers: " + failure, file=sys.stderr)
if failures:
    sys.exit(1)
print("layers: the domain and the UI link no C library; the podium runtime no terminal; C modules are reached through ReservationNative and TerminalBackend only")
