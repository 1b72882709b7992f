# Two commands set everything up on a fresh machine: `make run` and `make test`.
PYTHON ?= python3.11
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed
export HEMI_HOME ?= $(CURDIR)/var
export DAGSTER_HOME ?= $(HEMI_HOME)/dagster

.PHONY: run test test-spark spark-suite dev lint dbt-parse docs clean dashboard

$(STAMP): pyproject.toml
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	@touch $(STAMP)

## Build the warehouse offline from the bundled sample, then show what was published.
run: $(STAMP)
	$(BIN)/hemi refresh --sample

## The marts built on Apache Spark from the real snapshot's raw tables and compared, row for row, with
## DuckDB's (tests/spark, Java 17). In a virtualenv of its own: pyspark is 400 MB a DuckDB warehouse does
## not need, and Great Expectations imports it wherever it is installed.
SPARK_VENV := .venv-spark
SPARK_STAMP := $(SPARK_VENV)/.installed
# Bounds on the two suites, so a wedged one fails CI in words instead of at CI's own limit.
MAIN_SUITE_TIMEOUT_S ?= 1500
SPARK_SUITE_TIMEOUT_S ?= 1200

$(SPARK_STAMP): pyproject.toml
	@test -x $(SPARK_VENV)/bin/python || $(PYTHON) -m venv $(SPARK_VENV)
	$(SPARK_VENV)/bin/python -m pip install --quiet --upgrade pip
	$(SPARK_VENV)/bin/python -m pip install --quiet -e '.[dev,spark]'
	@touch $(SPARK_STAMP)

## ruff, dbt parse (a broken model fails fast), then the whole pytest suite, and beside it (a second
## process: the main suite keeps about one of two cores busy) the Spark suite, its install included
## (pyspark is a 456 MB source archive: a minute or more on a new machine, off the critical path), at
## the lowest CPU priority so that it takes the idle core rather than slowing the main suite (side by
## side at equal priority the main suite took 18.7 minutes instead of about 13). The Spark suite's
## output is printed after the main suite's; either failing fails `make test`.
test: $(STAMP)
	$(BIN)/ruff check --output-format concise .
	$(MAKE) --no-print-directory dbt-parse
	@spark_log=$$(mktemp -t hemi-spark-suite.XXXXXX.log); \
	nice -n 19 timeout --kill-after=30 $(SPARK_SUITE_TIMEOUT_S) $(MAKE) --no-print-directory spark-suite \
		> "$$spark_log" 2>&1 & spark_pid=$$!; \
	timeout --kill-after=30 $(MAIN_SUITE_TIMEOUT_S) $(BIN)/pytest; main_status=$$?; \
	wait $$spark_pid; spark_status=$$?; \
	echo; echo "=== Spark suite (tests/spark, $(SPARK_VENV)) ==="; cat "$$spark_log"; \
	test $$spark_status -ne 124 || echo "Spark suite stopped after $(SPARK_SUITE_TIMEOUT_S) s (SPARK_SUITE_TIMEOUT_S)"; \
	test $$main_status -ne 124 || echo "main suite stopped after $(MAIN_SUITE_TIMEOUT_S) s (MAIN_SUITE_TIMEOUT_S)"; \
	rm -f "$$spark_log"; \
	echo "main suite exit $$main_status, Spark suite exit $$spark_status"; \
	test $$main_status -eq 0 && test $$spark_status -eq 0

## What `make test` runs beside the main suite: the Thrift-server half of tests/spark (in .venv-spark).
spark-suite: $(SPARK_STAMP)
	@spark_tmp=$$(mktemp -d -t hemi-spark-tests.XXXXXX); \
	$(SPARK_VENV)/bin/pytest -m "spark and not spark_local" tests/spark -p no:cacheprovider --basetemp "$$spark_tmp"; \
	status=$$?; rm -rf "$$spark_tmp"; exit $$status

## The Spark suite alone, with the in-process `spark` target too (tests/spark).
test-spark: $(SPARK_STAMP)
	$(SPARK_VENV)/bin/pytest -m spark tests/spark

dbt-parse: $(STAMP)
	cd dbt_project && ../$(BIN)/dbt parse --profiles-dir . --quiet

## The Dagster UI on 127.0.0.1:3000 with this project loaded.
dev: $(STAMP)
	$(BIN)/python -c "from orchestration.paths import configure_environment; configure_environment()"
	$(BIN)/dagster dev -m orchestration.definitions -h 127.0.0.1 -p 3000

## dbt's documentation site for the published warehouse: one self-contained HTML file.
## dbt reads HEMI_HOME/hemisphere.duckdb through the read-only `published` target of profiles.yml rather
## than a copy in HEMI_HOME/build: that folder is a running refresh's private build, and read-only access
## leaves the published file byte-identical. The site is written to HEMI_HOME/dbt_docs.
docs: $(STAMP)
	$(BIN)/python -c "from orchestration.export import build_docs_site; print(f'dbt docs: {build_docs_site()}')"

## The dashboard on http://127.0.0.1:8501: reads HEMI_HOME/hemisphere.duckdb read-only, survives refreshes.
dashboard: $(STAMP)
	$(BIN)/streamlit run dashboard/app.py --server.address 127.0.0.1 --server.port 8501 \
		--server.headless true --browser.gatherUsageStats false --client.toolbarMode viewer

clean:
	rm -rf $(VENV) dbt_project/target dbt_project/logs

## Benchmark: real-snapshot refresh, no-op refresh, the DuckDB-only floor and the 1x/10x/100x sample
## (bench/run.py --help; BENCH_ARGS=--quick for one run each). Homes go under /tmp/hemi_bench.
.PHONY: bench
bench: $(STAMP)
	$(BIN)/python bench/run.py $(BENCH_ARGS)
