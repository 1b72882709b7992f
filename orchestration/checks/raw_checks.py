"""Blocking asset checks on raw tables: the GX suite, the row count against the published vintage,
the revision share, and the country codes.

Great Expectations validates in a worker process of its own (checks/gx_runner.py). The step that loads a
source sends each of its tables there as soon as they are written (``submit_expectations``) and goes
on to the next source; the ``raw_expectations`` step, after every load and before dbt, collects the
outcomes and reports each as the blocking ``expectations`` check of its table, with the row count
and coverage against the published load. So GX works on the second core while the refresh parses the
next source, and a failure still stops everything downstream. A table too large for one frame is
validated by that step itself, chunk by chunk; so is any table whose outcome this process does not
hold (a re-execution of the step alone). The revision share is a check spec of the load step; the
country code check reads other sources' tables too, so it has a step of its own.
"""


from collections.abc import Iterator, Sequence
from pathlib import Path

import duckdb
import pandas as pd
from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    AssetCheckSpec,
    MetadataValue,
    asset_check,
    multi_asset_check,
)

from orchestration import meta
from orchestration.assets.keys import raw_key
from orchestration.checks import history
from orchestration.checks.chunked import ChunkedOutcome, validate_table
from orchestration.checks.gx_runner import PendingOutcome, SuiteOutcome, submit_frame, validate_frame
from orchestration.checks.suites import SUITES, suite_for
from orchestration.resources import GreatExpectations, Warehouse
from sources._common.spec import RawTable, SourceSpec

# A refresh that revises more than this share of the historical values it shares with the
# published vintage is unusual (WDI revises a few percent per release): worth a look, not a stop.
MAX_REVISED_SHARE = 0.05

# A new vintage with fewer than this share of the published rows is more likely a broken file
# than a real revision; it fails, and the previous warehouse stays published.
MIN_ROW_SHARE_OF_PUBLISHED = 0.5
# Publishers add and drop the odd economy or year; losing a tenth of them is a broken release.
MIN_COVERAGE_SHARE_OF_PUBLISHED = 0.9

# Above this many rows a table is validated in chunks read back from DuckDB (checks/chunked.py):
# at 24 million WDI values one DataFrame would need several GB. Smaller tables take one frame, as before.
CHUNKED_ABOVE_ROWS = 2_000_000
# The 100x refresh (24 million WDI values) peaked at 1.74 GB with chunks of a million rows and took
# 102 s; 750,000: 1.55 GB, 115 s; 500,000: 1.34 GB, 136 s. The smallest keeps clear of 2 GiB.
ROWS_PER_CHECK_CHUNK = 500_000

EXPECTATIONS = "expectations"
REVISION_SHARE = "revision_share"
HISTORY = "history"
# Revisions listed in the revision_share message, largest relative change first.
REVISIONS_SHOWN = 5


def build_raw_checks(spec: SourceSpec) -> Sequence[AssetChecksDefinition]:
    """The checks that run in steps of their own; the rest are ``raw_check_specs``."""
    return [
        _known_countries_check(spec, table.name, table.country_code_column)
        for table in spec.raw_tables
        if table.country_code_column
    ]


def raw_check_specs(spec: SourceSpec) -> list[AssetCheckSpec]:
    """The checks evaluated by the step that loads ``spec``'s raw tables."""
    return [
        AssetCheckSpec(
            REVISION_SHARE,
            asset=raw_key(table.name),
            blocking=False,
            description=(
                f"Warns when a refresh revises more than {MAX_REVISED_SHARE:.0%} of the historical values of "
                f"raw.{table.name} that the published vintage also has; the changes are in "
                f"raw.{table.revisions_table}."
            ),
        )
        for table in spec.raw_tables
        if table.revisions_table
    ] + [
        AssetCheckSpec(
            HISTORY,
            asset=raw_key(table.name),
            blocking=True,
            description=(
                f"Every value of raw.{table.name} against its own series ({history.describe(table.history)}): "
                f"a robust z-score of {table.history.warn_above:g} warns, {table.history.block_above:g} blocks."
            ),
        )
        for table in spec.raw_tables
        if table.history
    ]


def _expectations_spec(table: str) -> AssetCheckSpec:
    return AssetCheckSpec(
        EXPECTATIONS,
        asset=raw_key(table),
        blocking=True,
        description=(
            f"Great Expectations suite for raw.{table}: columns, keys, types, value ranges; the row "
            f"count is at least {MIN_ROW_SHARE_OF_PUBLISHED:.0%} and the countries and years covered at "
            f"least {MIN_COVERAGE_SHARE_OF_PUBLISHED:.0%} of the published vintage's (real to real, "
            "sample to sample)."
        ),
    )


def build_expectations_check(specs: Sequence[SourceSpec]) -> AssetChecksDefinition:
    """One step reports every raw table's suite, from the outcomes the load steps sent for."""
    by_key = {
        _expectations_spec(table.name).key: (spec, table.name)
        for spec in specs
        for table in spec.raw_tables
        if table.name in SUITES
    }

    # Subsettable: a refresh of one source runs (and waits for) only that source's suites.
    @multi_asset_check(
        specs=[_expectations_spec(table) for _, table in by_key.values()], name="raw_expectations", can_subset=True
    )
    def raw_expectations(
        context: AssetCheckExecutionContext, warehouse: Warehouse, great_expectations: GreatExpectations
    ) -> Iterator[AssetCheckResult]:  # great_expectations: the run's GX worker, opened as the run starts
        run_id = context.run.run_id
        selected = sorted(context.selected_asset_check_keys, key=lambda k: k.asset_key.to_user_string())
        published = warehouse.connect_published()
        try:
            with warehouse.connect_build(run_id) as con:
                for key in selected:
                    spec, table = by_key[key]
                    submitted = _SUBMITTED.pop((run_id, table), None)
                    yield _expectations(spec, table, con, published, warehouse, run_id, submitted)
        finally:
            if published is not None:
                published.close()

    return raw_expectations


# (run id, table) -> the GX outcome a load step sent for, until `raw_expectations` reports it.
_SUBMITTED: dict[tuple[str, str], PendingOutcome] = {}


def submit_expectations(spec: SourceSpec, con: duckdb.DuckDBPyConnection, warehouse: Warehouse, run_id: str) -> None:
    """Send each raw table of ``spec`` this run has just written to GX, without waiting for the outcome."""
    for key in [key for key in _SUBMITTED if key[0] != run_id]:
        del _SUBMITTED[key]  # a run that stopped before its checks: nobody will collect these
    for table in spec.raw_tables:
        if table.name not in SUITES or _row_count(con, table.name) > CHUNKED_ABOVE_ROWS:
            continue
        # The suite validates the table as DuckDB stores it (types included), not the frame the parser built.
        frame: pd.DataFrame = con.execute(f'select * from raw."{table.name}"').df()
        _SUBMITTED[(run_id, table.name)] = submit_frame(
            frame, _suite_name(spec, table.name), suite_for(table.name, con), _docs_dir(warehouse)
        )


def evaluate_raw_checks(spec: SourceSpec, con: duckdb.DuckDBPyConnection, run_id: str) -> list[AssetCheckResult]:
    """Run ``raw_check_specs`` on the tables this run has just written through ``con``."""
    return [
        _revision_share(spec, table.name, con, run_id) for table in spec.raw_tables if table.revisions_table
    ] + [_history(spec, table, con, run_id) for table in spec.raw_tables if table.history]


def _history(spec: SourceSpec, table: RawTable, con: duckdb.DuckDBPyConnection, run_id: str) -> AssetCheckResult:
    found = history.score_table(con, table)
    assert found is not None and table.history is not None
    blocking, warning = found.blocking, found.warning
    passed = blocking.empty and warning.empty
    severity = AssetCheckSeverity.ERROR if not blocking.empty else AssetCheckSeverity.WARN
    summary = history.summarize(spec.name, table, found)
    metadata = {
        "values_scored": found.scored,
        "series_scored": found.series,
        "max_score": round(found.max_score, 2),
        "warn_above": table.history.warn_above,
        "block_above": table.history.block_above,
        "failures": MetadataValue.md(history.rows_markdown(found.rows) if not passed else "none"),
    }
    return _recorded(con, run_id, spec, table.name, HISTORY, passed, severity, summary, metadata)


# Every code any country reference knows: economies and aggregates alike.
_KNOWN_CODES_SQL = """
    select country_code as code from raw.wdi_countries
    union select iso3 from raw.wb_economies
    union select iso3 from raw.m49_areas where iso3 is not null
    union select group_code from raw.wb_groups
"""


def _known_countries_check(spec: SourceSpec, table: str, column: str) -> AssetChecksDefinition:
    @asset_check(
        asset=raw_key(table),
        name="country_codes_known",
        blocking=True,
        additional_deps=[raw_key("wdi_countries"), raw_key("wb_economies"), raw_key("m49_areas")],
        description=(
            f"Every {column} in raw.{table} is an economy or aggregate that the country references know "
            "(WDI metadata, World Bank CLASS and groups, UN M49); an unknown code would drop out of the marts."
        ),
    )
    def check(context: AssetCheckExecutionContext, warehouse: Warehouse) -> AssetCheckResult:
        with warehouse.connect_build(context.run.run_id) as con:
            unknown = con.execute(
                f"""
                select {column}, source_file, min(source_row) as first_row, count(*) as rows
                from raw."{table}"
                where {column} not in ({_KNOWN_CODES_SQL})
                group by all order by rows desc
                """
            ).df()
            passed = unknown.empty
            if passed:
                summary = f"[{spec.name}] raw.{table}: every {column} is known to the country references"
            else:
                where = "; ".join(
                    f"{getattr(row, column)} in {row.source_file} from row {row.first_row} ({row.rows} values)"
                    for row in unknown.head(10).itertuples()
                )
                summary = f"[{spec.name}] raw.{table}: {len(unknown)} unknown {column}(s): {where}"
            metadata = {"unknown_codes": MetadataValue.md(unknown.to_markdown(index=False) if not passed else "none")}
            return _recorded(
                con, context.run.run_id, spec, table, "country_codes_known", passed,
                AssetCheckSeverity.ERROR, summary, metadata,
            )  # fmt: skip

    return check


def _revision_share(spec: SourceSpec, table: str, con: duckdb.DuckDBPyConnection, run_id: str) -> AssetCheckResult:
    found = con.execute(
        "select compared, revised, withdrawn from meta.revision_stats where table_name = ?", [table]
    ).fetchall()
    compared, revised, withdrawn = found[0] if found else (0, 0, 0)
    share = revised / compared if compared else 0.0
    passed = share <= MAX_REVISED_SHARE
    summary = (
        f"[{spec.name}] raw.{table}: {revised:,} of {compared:,} historical values revised ({share:.1%}), "
        f"{withdrawn:,} withdrawn"
    )
    largest = _largest_revisions(con, table, run_id) if revised or withdrawn else None
    if largest is not None and len(largest):
        summary += "; largest: " + "; ".join(
            f"{row.entity_key} {row.old_value:,.6g} -> "
            + ("withdrawn" if row.new_value is None or row.new_value != row.new_value else f"{row.new_value:,.6g}")
            + f" ({row.old_vintage} -> {row.new_vintage})"
            for row in largest.itertuples()
        )
    metadata = {
        "compared": compared,
        "revised": revised,
        "withdrawn": withdrawn,
        "revised_share": share,
        "largest_revisions": MetadataValue.md(largest.to_markdown(index=False) if largest is not None else "none"),
    }
    return _recorded(con, run_id, spec, table, REVISION_SHARE, passed, AssetCheckSeverity.WARN, summary, metadata)


def _largest_revisions(con: duckdb.DuckDBPyConnection, table: str, run_id: str) -> pd.DataFrame:
    """This run's largest revisions of raw.<table>, by relative change; withdrawals first."""
    return con.execute(
        f"""
        select entity_key, old_vintage, new_vintage, old_value, new_value
        from raw."{table}_revisions" where run_id = ?
        order by new_value is null desc,
            abs(new_value - old_value) / greatest(abs(old_value), 1e-9) desc, entity_key
        limit {REVISIONS_SHOWN}
        """,
        [run_id],
    ).df()


def _recorded(
    con: duckdb.DuckDBPyConnection,
    run_id: str,
    spec: SourceSpec,
    table: str,
    check_name: str,
    passed: bool,
    severity: AssetCheckSeverity,
    summary: str,
    metadata: dict,
) -> AssetCheckResult:
    """The result for Dagster, after recording it in the build's meta.checks (read by `hemi status`)."""
    meta.record_check(con, run_id, spec.name, table, check_name, passed, severity.value, summary)
    return AssetCheckResult(
        asset_key=raw_key(table),
        check_name=check_name,
        passed=passed,
        severity=severity,
        description=summary,
        metadata=metadata,
    )


def _coverage_columns(spec: SourceSpec, table: str) -> list[str]:
    raw_table = next(t for t in spec.raw_tables if t.name == table)
    columns = [raw_table.country_code_column] if raw_table.country_code_column else []
    return columns + (["year"] if "year" in raw_table.key else [])


def _expectations(
    spec: SourceSpec,
    table: str,
    con: duckdb.DuckDBPyConnection,
    published: duckdb.DuckDBPyConnection | None,
    warehouse: Warehouse,
    run_id: str,
    submitted: PendingOutcome | None = None,
) -> AssetCheckResult:
    rows = _row_count(con, table)
    suite_name, docs_dir = _suite_name(spec, table), _docs_dir(warehouse)
    if submitted is not None:
        outcome: SuiteOutcome = submitted.result()
    elif rows > CHUNKED_ABOVE_ROWS:
        outcome = validate_table(con, table, suite_name, suite_for(table, con), docs_dir, ROWS_PER_CHECK_CHUNK)
    else:
        frame: pd.DataFrame = con.execute(f'select * from raw."{table}"').df()
        outcome = validate_frame(frame, suite_name, suite_for(table, con), docs_dir)

    def distinct(column: str) -> int:
        return con.execute(f'select count(distinct "{column}") from raw."{table}"').fetchall()[0][0]

    # Compared only with a published load of the same kind of origin (real or sample).
    landed = warehouse.landing_zone.last_complete(spec.name) if published is not None else []
    origin = ",".join(sorted({f.origin for f in landed}))
    published_rows = _published_row_count(published, table, origin)
    shrinks = []
    if published_rows and rows < MIN_ROW_SHARE_OF_PUBLISHED * published_rows:
        shrinks.append(f"row count fell from {published_rows:,} (published) to {rows:,}")
    if published_rows:
        for column, before in _published_coverage(published, table, _coverage_columns(spec, table)).items():
            now = distinct(column)
            if now < MIN_COVERAGE_SHARE_OF_PUBLISHED * before:
                shrinks.append(f"distinct {column} fell from {before:,} (published) to {now:,}")
    shrink = "; ".join(shrinks) or None
    passed = outcome.success and shrink is None
    summary = _summary(spec.name, table, outcome, shrink)
    metadata = {
        "expectations_evaluated": outcome.evaluated,
        "expectations_failed": len(outcome.failures),
        "rows": rows,
        "published_rows": published_rows or 0,
        "failures": MetadataValue.md(_failures_markdown(outcome) or "none"),
        "data_docs": MetadataValue.url(outcome.docs_url or ""),
    }
    if isinstance(outcome, ChunkedOutcome):
        metadata["validated_in_chunks"] = (
            f"{outcome.chunks} chunks of up to {ROWS_PER_CHECK_CHUNK:,} rows, one Data Docs page each (the link is "
            "the first that failed, else the first); row count and unique keys checked in SQL on the whole table"
        )
    return _recorded(con, run_id, spec, table, EXPECTATIONS, passed, AssetCheckSeverity.ERROR, summary, metadata)


def _row_count(con: duckdb.DuckDBPyConnection, table: str) -> int:
    return con.execute(f'select count(*) from raw."{table}"').fetchall()[0][0]


def _suite_name(spec: SourceSpec, table: str) -> str:
    return f"{spec.name}.{table}"


def _docs_dir(warehouse: Warehouse) -> Path:
    return warehouse.home_path / "data_docs"


def _published_row_count(published: duckdb.DuckDBPyConnection | None, table: str, origin: str) -> int | None:
    """Rows of the published load of ``table``, when it came from the same kind of origin.

    A switch between the bundled sample and real files changes the row count by design, so
    only real-to-real (or sample-to-sample) refreshes are compared.
    """
    if published is None:
        return None
    try:
        found = published.execute(
            "select row_count, origin from meta.source_loads where table_name = ?", [table]
        ).fetchall()
    except duckdb.Error:
        return None
    found = found[0] if found else None
    if found is None or (found[1] == "sample") != (origin == "sample"):
        return None
    return found[0]


def _published_coverage(published: duckdb.DuckDBPyConnection | None, table: str, columns: list[str]) -> dict[str, int]:
    if not columns or published is None:
        return {}
    try:
        counts = published.execute(
            "select " + ", ".join(f"count(distinct {c})" for c in columns) + f' from raw."{table}"'
        ).fetchall()[0]
    except duckdb.Error:
        return {}
    return dict(zip(columns, counts, strict=True))


def _summary(source: str, table: str, outcome: SuiteOutcome, shrink: str | None) -> str:
    if outcome.success and shrink is None:
        return f"[{source}] raw.{table}: {outcome.evaluated} expectations passed"
    problems = [failure.describe() for failure in outcome.failures]
    if shrink:
        problems.append(shrink)
    files = sorted(
        {
            str(name)
            for failure in outcome.failures
            if failure.sample_rows is not None and "source_file" in failure.sample_rows
            for name in failure.sample_rows["source_file"].dropna().unique()
        }
    )
    in_files = f" in {', '.join(files)}" if files else ""
    return f"[{source}] raw.{table}{in_files}: " + "; ".join(problems)


def _failures_markdown(outcome: SuiteOutcome) -> str:
    parts = []
    for failure in outcome.failures:
        parts.append(f"**{failure.describe()}**")
        if failure.sample_rows is not None and len(failure.sample_rows):
            parts.append(failure.sample_rows.to_markdown(index=False))
    return "\n\n".join(parts)
