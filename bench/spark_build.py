"""The marts built on Apache Spark from the raw tables of a DuckDB build, then compared with it.

1. **raw tables to Parquet**: every dbt source table of the DuckDB warehouse (the same rows the
   refresh loaded into the build DuckDB) is written once with DuckDB's `COPY ... (FORMAT parquet)`
   to `<work>/parquet/raw/<table>/part-0.parquet`, and so is every seed as DuckDB's build loaded it:
   dbt-spark's own seed loader does not escape apostrophes under the session method, and replacing
   it would shadow an adapter macro, so on Spark the seeds are tables over Parquet like the sources.
2. **dbt on Spark**: in this process, with dbt's programmatic entry point, `dbt run-operation
   register_parquet_sources` makes each a Spark table over its file, then `dbt build --target spark
   --select resource_type:model resource_type:test` builds and tests every model (and runs every test,
   the seeds' too). The `spark` target of profiles.yml runs Spark inside this process
   (dbt-spark's session method), so the JVM starts once.
3. **export**: each marts and intermediate relation Spark built is written to
   `<work>/export/<schema>/<table>.parquet`.
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

from compare_warehouses import compare_dbt_tests, compare_warehouses  # noqa: E402

EXPORTED_SCHEMAS = ("marts", "intermediate")


def source_tables() -> list[tuple[str, str]]:
    """(schema, table) of every dbt source and seed, from the parsed project's manifest."""
    from dbt.cli.main import dbtRunner

    arguments = ["parse", "--project-dir", str(DBT_PROJECT), "--profiles-dir", str(DBT_PROJECT), "--quiet"]
    result = dbtRunner().invoke(arguments)
    if not result.success:
        raise RuntimeError(f"dbt parse failed: {result.exception}")
    manifest = result.result
    sources = {(source.schema, source.identifier) for source in manifest.sources.values()}
    seeds = {(node.schema, node.alias) for node in manifest.nodes.values() if node.resource_type == "seed"}
    return sorted(sources | seeds)


def export_raw_tables(warehouse: Path, target: Path, tables: list[tuple[str, str]]) -> int:
    """Each source table of the DuckDB warehouse as one Parquet file; JSON columns as text (Spark
    reads JSON with get_json_object from a string)."""
    connection = duckdb.connect(str(warehouse), read_only=True)
    rows = 0
    try:
        for schema, table in tables:
            # A Spark table's location is a folder.
            (target / schema / table).mkdir(parents=True, exist_ok=True)
            described = connection.execute(f'describe "{schema}"."{table}"').fetchall()
            columns = ", ".join(
                f'cast("{name}" as varchar) as "{name}"' if column_type == "JSON" else f'"{name}"'
                for name, column_type, *_ in described
            )
            path = target / schema / table / "part-0.parquet"
            connection.execute(f"copy (select {columns} from \"{schema}\".\"{table}\") to '{path}' (format parquet)")
            rows += connection.execute(f'select count(*) from "{schema}"."{table}"').fetchone()[0]
    finally:
        connection.close()
    return rows


def dbt_on_spark(arguments: list[str], target_path: Path) -> object:
    from dbt.cli.main import dbtRunner

    result = dbtRunner().invoke(
        [
            *arguments,
            "--project-dir",
            str(DBT_PROJECT),
            "--profiles-dir",
            str(DBT_PROJECT),
            "--target",
            "spark",
            "--target-path",
            str(target_path),
        ]
    )
    return result


def export_spark_relations(target: Path) -> int:
    """Every marts and intermediate relation of the Spark catalog as one Parquet file."""
    import pyarrow.parquet as pq
    from pyspark.sql import SparkSession

    # The session dbt started in this process.
    spark = SparkSession.builder.getOrCreate()
    exported = 0
    for schema in EXPORTED_SCHEMAS:
        (target / schema).mkdir(parents=True, exist_ok=True)
        for table in spark.catalog.listTables(schema):
            arrow = spark.table(f"{schema}.{table.name}").toArrow()
            pq.write_table(arrow, target / schema / f"{table.name}.parquet")
            exported += 1
    return exported


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
    timings: dict[str, float] = {}

    started = time.monotonic()
    tables = source_tables()
    rows = export_raw_tables(args.warehouse.resolve(), work / "parquet", tables)
    timings["raw tables to parquet"] = time.monotonic() - started
    print(f"{len(tables)} source tables, {rows} rows, written as Parquet under {work / 'parquet'}")

    started = time.monotonic()
    registered = dbt_on_spark(
        ["run-operation", "register_parquet_sources", "--args", json.dumps({"root": str(work / "parquet")})],
        work / "dbt_target",
    )
    timings["spark start and sources"] = time.monotonic() - started
    if not registered.success:
        print(f"registering the Parquet sources on Spark failed: {registered.exception}")
        return 1

    started = time.monotonic()
    built = dbt_on_spark(["build", "--select", "resource_type:model", "resource_type:test"], work / "dbt_target")
    timings["dbt build on spark"] = time.monotonic() - started

    started = time.monotonic()
    exported = export_spark_relations(work / "export")
    timings["export"] = time.monotonic() - started

    started = time.monotonic()
    comparisons, missing = compare_warehouses(args.warehouse.resolve(), work / "export")
    timings["compare"] = time.monotonic() - started
    for comparison in comparisons:
        print(comparison.line())
    for line in missing:
        print(line)
    equal = sum(c.equal for c in comparisons)
    print(f"{equal} of {len(comparisons)} tables equal; {exported} relations exported from Spark")
    ok = built.success and not missing and equal == len(comparisons) and comparisons != []
    tests_ok, test_lines = None, []
    if args.duckdb_run_results:
        tests_ok, test_lines = compare_dbt_tests(args.duckdb_run_results, work / "dbt_target" / "run_results.json")
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
