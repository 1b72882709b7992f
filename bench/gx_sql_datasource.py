"""Can Great Expectations 1.x validate a raw table where it lies, in the build DuckDB file, through a
SQL datasource (SQLAlchemy + duckdb-engine), instead of the pandas round trip the refresh makes today?

Issue 15 asked this before moving the raw suites into SQL. The script builds a one-million-row table
shaped like raw WDI, runs the kinds of expectation the raw suites use through GX's public
``data_sources.add_sql`` / ``add_table_asset`` / ``batch.validate``, and prints, per expectation,
whether it was evaluated and how long it took, then the same expectations on the table read into
pandas. It measures and prints; nothing asserts.

duckdb-engine is not a project dependency (the refresh does not use it): install it beside the
project to run this, e.g. ``.venv/bin/pip install duckdb-engine``.

Found on 2026-12-05 (GX 1.24.1, SQLAlchemy 2.1.9, duckdb-engine 0.17.0, with duckdb 2.0.1 and with
1.5.5): every expectation comes back unsuccessful with ``IndexError: list index out of range`` from
``SqlAlchemyExecutionEngine.resolve_metric_bundle``: the metric query's result is empty under
duckdb-engine. That is GX issue 11579 (closed; the workaround posted there replaces a GX method, which
this project does not do) and issue 10738; a native DuckDB execution engine is proposed in GX pull
request 12084, open and unreleased. So the raw suites stay on frames sent to the GX worker, and the
whole-table rules (row count, keys, coverage) run in DuckDB SQL beside them
(``orchestration/checks/chunked.py``).
"""

from __future__ import annotations

import tempfile
import time
from pathlib import Path

import duckdb

ROWS = 1_000_000


def expectations():
    import great_expectations.expectations as gxe

    return [
        gxe.ExpectTableRowCountToBeBetween(min_value=1),
        gxe.ExpectColumnValuesToNotBeNull(column="value"),
        gxe.ExpectColumnValuesToBeBetween(column="year", min_value=1960, max_value=2030),
        gxe.ExpectColumnValuesToBeInSet(column="country_iso3", value_set=["ARG"]),
        gxe.ExpectColumnValuesToMatchRegex(column="country_iso3", regex="^[A-Z]{3}$"),
        gxe.ExpectCompoundColumnsToBeUnique(column_list=["country_iso3", "indicator_code", "year", "row_id"]),
        gxe.ExpectColumnValuesToBeBetween(
            column="value",
            min_value=0,
            max_value=2e6,
            row_condition='col("indicator_code")=="NY.GDP"',
            condition_parser="great_expectations",
        ),
    ]


def report(kind: str, batch) -> None:
    for expectation in expectations():
        started = time.perf_counter()
        result = batch.validate(expectation)
        errors = [
            str(info.get("exception_message"))[:80]
            for info in (result.exception_info or {}).values()
            if isinstance(info, dict) and info.get("raised_exception")
        ]
        outcome = "passed" if result.success else ("error: " + errors[0] if errors else "failed")
        print(f"| {kind} | {type(expectation).__name__} | {outcome} | {time.perf_counter() - started:.2f} |")


def main() -> None:
    try:
        import duckdb_engine  # noqa: F401
    except ImportError:
        raise SystemExit("duckdb-engine is not installed: .venv/bin/pip install duckdb-engine") from None
    import great_expectations as gx

    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "build.duckdb"
        with duckdb.connect(str(path)) as con:
            con.execute(
                f"create table wdi as select i as row_id, 'ARG' as country_iso3, 'NY.GDP' as indicator_code, "
                f"(1960 + i % 60)::int as year, (i * 1.5)::double as value from range({ROWS}) t(i)"
            )
            frame = con.execute("select * from wdi").df()
        context = gx.get_context(mode="ephemeral")
        print(f"duckdb {duckdb.__version__}, great_expectations {gx.__version__}, {ROWS:,} rows\n")
        print("| datasource | expectation | outcome | s |\n|---|---|---|---|")
        sql = context.data_sources.add_sql(name="build", connection_string=f"duckdb:///{path}")
        report("sql (duckdb-engine)", sql.add_table_asset(name="wdi", table_name="wdi")
               .add_batch_definition_whole_table("all").get_batch())  # fmt: skip
        pandas = context.data_sources.add_pandas(name="frames")
        report("pandas", pandas.add_dataframe_asset(name="wdi").add_batch_definition_whole_dataframe("all")
               .get_batch(batch_parameters={"dataframe": frame}))  # fmt: skip


if __name__ == "__main__":
    main()
