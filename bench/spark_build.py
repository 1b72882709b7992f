"""The marts built on Apache Spark from the raw tables of a DuckDB build, then compared with it.

The same steps as a refresh whose dbt step runs on Spark (orchestration/spark.py), timed:

1. **sources to Parquet**: every dbt source and seed of the DuckDB warehouse (the rows the refresh
   loaded, the seeds as DuckDB's build loaded them) to `<work>/sources/<schema>/<table>/`.
2. **dbt on Spark**: one `dbt build --target spark --select resource_type:model resource_type:test`
   in this process (dbt's programmatic entry point; the `spark` target runs Spark inside it, so the JVM
   starts once). Its on-run-start hook registers the Parquet folders as tables; its on-run-end hook
   writes every marts and intermediate table to `<work>/export/<schema>/<table>/`.
3. **load**: those into `<work>/spark.duckdb`, as the refresh loads them into its build.
4. **compare**: bench/compare_warehouses.py against the DuckDB warehouse, and the dbt tests of both
   builds (the DuckDB build's run_results.json is HEMI_HOME/dbt_target/run_results.json).

    python bench/spark_build.py --warehouse var/hemisphere.duckdb --work /tmp/hemi-spark
        [--duckdb-run-results var/dbt_target/run_results.json]

Needs `pip install -e '.[spark]'` and Java 17. Prints the timings of each step and exits 1 when the
builds differ or dbt fails on Spark.
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import sys
import time
from pathlib import Path

import duckdb

REPO = Path(__file__).resolve().parents[1]
DBT_PROJECT = REPO / "dbt_project"
sys.path.insert(0, str(REPO / "bench"))
sys.path.insert(0, str(REPO))

from compare_warehouses import compare_dbt_tests, compare_warehouses  # noqa: E402

from orchestration import spark  # noqa: E402


def dbt(arguments: list[str], target: str, target_path: Path) -> object:
    from dbt.cli.main import dbtRunner

    common = ["--project-dir", str(DBT_PROJECT), "--profiles-dir", str(DBT_PROJECT), "--target", target]
    return dbtRunner().invoke([*arguments, *common, "--target-path", str(target_path)])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--warehouse", type=Path, required=True, help="a DuckDB build's hemisphere.duckdb")
    parser.add_argument("--work", type=Path, required=True, help="an empty folder for Spark's catalog and files")
    parser.add_argument("--duckdb-run-results", type=Path, help="the DuckDB build's run_results.json")
    parser.add_argument("--report", type=Path, help="write what was found here as JSON (tests/spark reads it)")
    args = parser.parse_args(argv)

    work = args.work.resolve()
    if work.exists():
        shutil.rmtree(work)
    work.mkdir(parents=True)
    # profiles.yml puts Spark's warehouse folder and metastore here.
    os.environ["HEMI_SPARK_HOME"] = str(work)
    # The driver binds to 127.0.0.1 (profiles.yml); its block manager and executor take their address
    # from here, not from the machine's name.
    os.environ.setdefault("SPARK_LOCAL_IP", "127.0.0.1")
    # profiles.yml finds Spark's log configuration there (dagster-dbt sets it for a refresh).
    os.environ["DBT_PROJECT_DIR"] = str(DBT_PROJECT)
    timings: dict[str, float] = {}

    exchange = spark.Exchange.under(work)
    exchange.clear()
    target_path = work / "dbt_target"

    started = time.monotonic()
    parsed = dbt(["parse", "--quiet"], "spark", target_path)
    if not parsed.success:
        print(f"dbt parse failed: {parsed.exception}")
        return 1
    tables = spark.source_tables(json.loads((target_path / "manifest.json").read_text()))
    with duckdb.connect(str(args.warehouse.resolve()), read_only=True) as con:
        rows = spark.write_sources(con, tables, exchange.sources)
    timings["sources to parquet"] = time.monotonic() - started
    print(f"{len(tables)} source tables and seeds, {rows} rows, written as Parquet under {exchange.sources}")

    started = time.monotonic()
    selection = ["--select", "resource_type:model", "resource_type:test"]
    built = dbt(["build", *selection, "--vars", json.dumps(exchange.dbt_vars())], "spark", target_path)
    if not built.success:
        print(f"dbt build on Spark failed: {built.exception or 'see the failing nodes above'}")
    timings["spark start, dbt build and export"] = time.monotonic() - started

    started = time.monotonic()
    spark_warehouse = work / "spark.duckdb"
    with duckdb.connect(str(spark_warehouse)) as con:
        loaded = spark.load_exported(con, exchange.export)
    timings["load into duckdb"] = time.monotonic() - started

    started = time.monotonic()
    comparisons, missing = compare_warehouses(args.warehouse.resolve(), spark_warehouse)
    timings["compare"] = time.monotonic() - started
    for comparison in comparisons:
        print(comparison.line())
    for line in missing:
        print(line)
    equal = sum(c.equal for c in comparisons)
    print(f"{equal} of {len(comparisons)} tables equal; {len(loaded)} tables exported from Spark")
    ok = built.success and not missing and equal == len(comparisons) and comparisons != []
    tests_ok, test_lines = None, []
    if args.duckdb_run_results and (target_path / "run_results.json").exists():
        tests_ok, test_lines = compare_dbt_tests(args.duckdb_run_results, target_path / "run_results.json")
        print("\n".join(test_lines))
        ok = ok and tests_ok
    print("timings: " + ", ".join(f"{step} {seconds:.1f}s" for step, seconds in timings.items()))
    if args.report:
        report = {
            "dbt_build_succeeded": bool(built.success),
            "tables": {f"{c.schema}.{c.table}": c.line() for c in comparisons},
            "unequal_tables": [f"{c.schema}.{c.table}" for c in comparisons if not c.equal],
            "tables_on_one_side_only": missing,
            "dbt_tests_equal": tests_ok,
            "dbt_test_lines": test_lines,
            "timings_s": timings,
        }
        args.report.write_text(json.dumps(report, indent=2))
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
