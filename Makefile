# eventcoder: make demo | make test | make bench
PYTHON ?= python3
VENV   ?= .venv
BIN    := $(VENV)/bin
SHARED ?= ../shared
STAMP  := $(VENV)/.installed
DEVSTAMP := $(VENV)/.installed-dev

.PHONY: demo test bench lint typecheck install install-dev gazetteer clean

$(STAMP): pyproject.toml
	$(PYTHON) -m venv $(VENV)
	$(BIN)/pip install --quiet --upgrade pip
	$(BIN)/pip install --quiet -e .
	touch $(STAMP)

$(DEVSTAMP): $(STAMP)
	$(BIN)/pip install --quiet -e '.[dev,spark]'
	touch $(DEVSTAMP)

install: $(STAMP)

install-dev: $(DEVSTAMP)

gazetteer: $(STAMP)
	$(BIN)/eventcoder gazetteer build

DEMO_INPUTS := examples $(wildcard $(SHARED)/examples/khasham.txt)

demo: gazetteer
	@mkdir -p out
	@rm -f out/demo.duckdb
	$(BIN)/eventcoder extract $(DEMO_INPUTS) --published 2018-02-08 -o out/events.jsonl --summary
	$(BIN)/eventcoder ingest $(DEMO_INPUTS) --published 2018-02-08 --db out/demo.duckdb --quiet
	$(BIN)/eventcoder export --db out/demo.duckdb --format csv -o out/events.csv
	$(BIN)/eventcoder export --db out/demo.duckdb --format geojson -o out/events.geojson
	@echo
	@echo "Records: out/events.jsonl (one JSON record per event, with evidence spans)"
	@echo "Database: out/demo.duckdb; ACLED-style CSV: out/events.csv; map layer: out/events.geojson"

lint: $(DEVSTAMP)
	$(BIN)/ruff check src tests benchmarks tools
	$(BIN)/mypy

test: $(DEVSTAMP) lint
	$(BIN)/eventcoder gazetteer build --quiet
	EVENTCODER_SHARED=$(SHARED) $(BIN)/pytest -q

bench: $(STAMP)
	$(BIN)/python benchmarks/throughput.py --shared $(SHARED)
	$(BIN)/python benchmarks/ingest_overhead.py --shared $(SHARED) --limit 100 --repeat 3
	$(BIN)/python benchmarks/merge_scale.py --sizes 100000 1000000
	$(BIN)/python benchmarks/spark_throughput.py --shared $(SHARED) --limit 60

clean:
	rm -rf $(VENV) out .pytest_cache .mypy_cache .ruff_cache
