# Two commands: `make run` builds and publishes the warehouse, `make test` tests it.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export GPSI_RAW_DIR ?= $(abspath ../shared/data/raw)
export DBT_PROFILES_DIR := $(CURDIR)
export DBT_SEND_ANONYMOUS_USAGE_STATS := false

.PHONY: setup run test test-fast lint evaluate bench bench-smoke spark spark-cluster clean

$(BIN)/gpsi: pyproject.toml
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	touch $(BIN)/gpsi

# The offline explorer's map geometry (Natural Earth via world-atlas), charting library
# (Vega-Lite with vega-embed) and fonts (Noto via Fontsource, cut to the page's
# characters), pinned, from the npm registry and bundled into the explorer; axe-core
# audits its accessibility in the browser tests.
REPORT_NPM := world-atlas@2.0.2 vega@5.33.0 vega-lite@5.23.0 vega-embed@6.29.0 \
	@fontsource/noto-sans@5.3.0 @fontsource/noto-sans-arabic@5.3.0 \
	@fontsource/noto-sans-sc@5.3.0 axe-core@4.14.1
REPORT_PACKAGES := node_modules/.gpsi-npm-$(shell echo '$(REPORT_NPM)' | sha256sum | cut -c1-12)
$(REPORT_PACKAGES):
	npm install --no-save --no-package-lock --no-audit --no-fund $(REPORT_NPM)
	touch $@

# dbt packages (dbt_utils, dbt-project-evaluator) from ../shared/dbt_packages (packages.yml).
DBT_PACKAGES := dbt_packages/dbt_utils
$(DBT_PACKAGES): packages.yml $(BIN)/gpsi
	$(BIN)/dbt deps --quiet
	touch $(DBT_PACKAGES)

setup: $(BIN)/gpsi $(REPORT_PACKAGES) $(DBT_PACKAGES) ## create .venv, install the project, packages, map

run: setup ## land every source, dbt build, docs, publish warehouse/gpsi.duckdb
	$(BIN)/gpsi run --raw-dir "$(GPSI_RAW_DIR)"

# sqlfluff renders models and tests with dbt (its dbt templater) against an empty
# scratch database; macros are linted where they render, in the models that call them.
lint: setup ## sqlfluff (duckdb dialect, dbt templater), ruff and mypy
	rm -rf warehouse/lint && mkdir -p warehouse/lint
	GPSI_DB_PATH=$(CURDIR)/warehouse/lint/gpsi.duckdb DBT_TARGET_PATH=$(CURDIR)/warehouse/lint/target \
		$(BIN)/sqlfluff lint models tests --processes 2
	$(BIN)/ruff check src scripts tests
	$(BIN)/ruff format --check src scripts tests
	$(BIN)/mypy

# dbt-project-evaluator's rules over the project graph, in a scratch database (no data
# needed); deliberate exceptions live in seeds/dbt_project_evaluator_exceptions.csv.
evaluate: setup
	rm -rf warehouse/evaluate && mkdir -p warehouse/evaluate
	GPSI_DB_PATH=$(CURDIR)/warehouse/evaluate/gpsi.duckdb $(BIN)/dbt build --quiet \
		--select package:dbt_project_evaluator dbt_project_evaluator_exceptions \
		--vars '{evaluate_project: true}' --target-path warehouse/evaluate/target
	@echo "dbt-project-evaluator: every rule passes (exceptions, with reasons: seeds/dbt_project_evaluator_exceptions.csv)"

test: lint evaluate ## lint, the evaluator, then pytest (which builds on the real snapshot)
	$(BIN)/pytest

test-fast: setup ## the fast tier: fixtures and loaders, no real-data build (under a minute)
	$(BIN)/pytest -m "not warehouse and not slow"

# The benchmark script's smoke run (every section once, on the real snapshot): keeps
# `make bench` working; not a test of the warehouse, so not in make test.
bench-smoke: setup
	$(BIN)/pytest -m slow

# The same project on Apache Spark: dbt-spark and pyspark (the [spark] extra) with a
# local session on Java 17; builds and tests everything from the snapshot as Parquet,
# then compares the index marts with the DuckDB build that `make run` published.
SPARK := $(VENV)/.spark-installed
$(SPARK): pyproject.toml $(BIN)/gpsi
	@command -v java >/dev/null || { echo "make spark needs Java 17: apt-get install -y openjdk-17-jre-headless"; exit 1; }
	$(BIN)/python -m pip install --quiet -e '.[dev,spark]'
	touch $(SPARK)

spark: run $(SPARK) ## every model and test on local Spark, marts compared with DuckDB
	PYTHONPATH=scripts $(BIN)/python -m gpsi_dev.spark --raw-dir "$(GPSI_RAW_DIR)"

# The same on a Spark standalone cluster started for the run (a master, two workers of
# one core each, the Thrift server), dbt as its client (profile target spark_cluster);
# every process it starts is stopped at the end, on failure and on Ctrl-C.
spark-cluster: run $(SPARK) ## every model and test on a local Spark cluster via its Thrift server, compared with DuckDB
	PYTHONPATH=scripts $(BIN)/python -m gpsi_dev.spark --cluster --raw-dir "$(GPSI_RAW_DIR)"

# Every section, the Spark ones included: the [spark] extra is installed first.
BENCH_REPEAT ?= 3
bench: setup $(SPARK) ## benchmarks (median of BENCH_REPEAT runs each, 3 unless set) into BENCHMARKS.md
	PYTHONPATH=scripts $(BIN)/python -m gpsi_dev.bench --raw-dir "$(GPSI_RAW_DIR)" --repeat $(BENCH_REPEAT) --scales 10,100 --out BENCHMARKS.md

clean:
	rm -rf warehouse target logs
