# eventcoder: make demo | make test | make bench
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

NODE_STAMP := node_modules/.installed

.PHONY: demo test fuzz bench lint typecheck install install-dev gazetteer browser clean lock

# The default install: every dependency at the version and hash of requirements.lock
# (Python 3.11, Linux x86_64; `make lock` regenerates it), then eventcoder itself.
$(STAMP): pyproject.toml requirements.lock
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet --require-hashes -r requirements.lock
	$(BIN)/pip install --quiet --no-deps -e .
	touch $(STAMP)

$(DEVSTAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,spark]'
	touch $(DEVSTAMP)

# Front-end libraries for the serve page and playwright-core for the browser tests (npm).
# --ignore-scripts: no package install scripts run (one of them would send telemetry).
$(NODE_STAMP): package.json package-lock.json
	npm ci --ignore-scripts --no-audit --no-fund
	touch $(NODE_STAMP)

# Debian's Chromium for the headless-browser tests (run as root, as CI does).
browser:
	@command -v chromium >/dev/null 2>&1 || (apt-get update && apt-get install -y chromium)

install: $(STAMP)

# requirements.lock from pyproject.toml's [project.dependencies], with the sha256 of every
# file of every pinned release (pip-tools in a venv of its own). Pins already in the lock
# are kept; `make lock LOCK_FLAGS=--upgrade` moves every transitive pin to the newest.
PIP_TOOLS  ?= pip-tools==7.7.0
LOCK_VENV  ?= .venv-lock
LOCK_FLAGS ?=
lock:
	test -x $(LOCK_VENV)/bin/pip-compile || ($(PYTHON) -m venv $(LOCK_VENV) && \
	    $(LOCK_VENV)/bin/pip install --quiet $(PIP_TOOLS))
	$(LOCK_VENV)/bin/pip-compile --quiet --generate-hashes --allow-unsafe --strip-extras \
	    --no-emit-find-links --no-emit-index-url $(LOCK_FLAGS) \
	    --output-file requirements.lock pyproject.toml

install-dev: $(DEVSTAMP)

gazetteer: $(STAMP)
	$(BIN)/eventcoder gazetteer build

DEMO_INPUTS := examples $(wildcard $(SHARED)/examples/khasham.txt)

demo: gazetteer $(NODE_STAMP)
	@mkdir -p out
	@rm -f out/demo.duckdb
	$(BIN)/eventcoder extract $(DEMO_INPUTS) --published 2018-02-08 -o out/events.jsonl --summary
	$(BIN)/eventcoder ingest $(DEMO_INPUTS) --published 2018-02-08 --db out/demo.duckdb --quiet
	$(BIN)/eventcoder export --db out/demo.duckdb --format csv -o out/events.csv
	$(BIN)/eventcoder export --db out/demo.duckdb --format geojson -o out/events.geojson
	@echo
	@echo "Records: out/events.jsonl (one JSON record per event, with evidence spans)"
	@echo "Database: out/demo.duckdb; ACLED-style CSV: out/events.csv; map layer: out/events.geojson"
	@echo "Browse the events on a map: $(BIN)/eventcoder serve --db out/demo.duckdb  -> http://127.0.0.1:8000/"

lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/mypy

test: $(DEVSTAMP) $(NODE_STAMP) browser lint
	$(BIN)/eventcoder gazetteer build --quiet
	EVENTCODER_REQUIRE_BROWSER=1 EVENTCODER_SHARED=$(SHARED) $(BIN)/pytest -q

# Longer Hypothesis runs of tests/test_fuzz.py (CI runs 40 examples per test; this 2,000).
FUZZ_EXAMPLES ?= 2000
fuzz: $(DEVSTAMP)
	EVENTCODER_FUZZ_EXAMPLES=$(FUZZ_EXAMPLES) $(BIN)/pytest -q -p no:cacheprovider tests/test_fuzz.py

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py --shared $(SHARED)
	$(BIN)/python benchmarks/scaling.py --shared $(SHARED)
	$(BIN)/python benchmarks/ingest_overhead.py --shared $(SHARED) --limit 100 --repeat 3
	$(BIN)/python benchmarks/merge_scale.py --sizes 100000 1000000
	$(BIN)/python benchmarks/spark_throughput.py --shared $(SHARED) --limit 60
	$(BIN)/python benchmarks/plausibility.py --shared $(SHARED)
	$(BIN)/python benchmarks/merge_stall.py --size 30000 --new 1000
	EVENTCODER_SHARED=$(SHARED) $(BIN)/python benchmarks/serve_load.py --levels 10 50 200 --seconds 15

clean:
	rm -rf $(VENV) $(LOCK_VENV) out node_modules .pytest_cache .mypy_cache .ruff_cache
