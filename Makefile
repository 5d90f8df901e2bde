# ReservaFlow: the two commands a newcomer needs are `make demo` and `make test`.
.PHONY: demo test test-faults test-ha test-containers compose-demo deps deps-lock build build-debug stack-up stack-down stack-status bench clean

RELEASE_BIN := .build/release/reservaflow

demo: deps build stack-up
	@$(RELEASE_BIN) migrate
	@$(RELEASE_BIN) seed --demo
	@scripts/stack.sh daemon-up
	@scripts/stack.sh api-up
	@echo "Opening the demo venue: sign in as host / podium-demo (also manager / office-demo, admin / keys-demo)."
	@echo "The daemon, the API and the mail sink keep running after you quit; make stack-down stops everything."
	@sleep 1
	@$(RELEASE_BIN) --restaurant demo --user host

test: deps
	@scripts/test.sh

# Faults injected under concurrent load, judged from the database (a few minutes; docs/faults.md).
test-faults: deps
	@scripts/faults.sh

# The same judging with the database and Redis failing over: three Patroni nodes, Redis sentinels (issue 18).
test-ha: deps
	@scripts/ha-run.sh

# compose.yaml and the Containerfile built and run with podman, end to end (before a release; docs/deploy.md).
test-containers:
	@scripts/test-containers.sh

# The demo in containers: compose up, the demo venue, the podium screen (LOCAL_BASES=1 without a registry).
compose-demo:
	@scripts/compose-demo.sh

deps:
	@scripts/deps.sh

# Rewrites dependencies.lock.txt from what SwiftPM resolves now: for a deliberate upgrade, committed with it.
deps-lock:
	@scripts/deps-lock.sh --update

build:
	swift build -c release --product reservaflow
	swift build -c release --product reservaflowd
	swift build -c release --product reservaflow-api

build-debug:
	swift build

stack-up: deps
	@scripts/stack.sh up

stack-down:
	@scripts/stack.sh down

stack-status:
	@scripts/stack.sh status

bench: deps
	@scripts/bench.sh

clean:
	swift package clean
