"""Blocking asset checks on raw tables: the GX suite, and the row count against the published vintage."""


from collections.abc import Sequence

import duckdb
from dagster import (
    AssetCheckExecutionContext,
    AssetCheckResult,
    AssetChecksDefinition,
    AssetCheckSeverity,
    MetadataValue,
    asset_check,
)

from orchestration import meta
from orchestration.assets.sources import raw_key
from orchestration.checks.gx_runner import SuiteOutcome, validate_frame
from orchestration.checks.suites import SUITES
from orchestration.resources import Warehouse
from sources._common.spec import SourceSpec

# A refresh that revises more than this share of the historical values it shares with the
# published vintage is unusual (WDI revises a few percent per release): worth a look, not a stop.
MAX_REVISED_SHARE = 0.05

# A new vintage with fewer than this share of the published rows is more likely a broken file
# than a real revision; it fails, and the previous warehouse stays published.
MIN_ROW_SHARE_OF_PUBLISHED = 0.5
# Publishers add and drop the odd economy or year; losing a tenth of them is a broken release.
MIN_COVERAGE_SHARE_OF_PUBLISHED = 0.9


def build_raw_checks(spec: SourceSpec) -> Sequence[AssetChecksDefinition]:
    checks = [_expectations_check(spec, table.name) for table in spec.raw_tables if table.name in SUITES]
    checks += [_revisions_check(spec, table.name) for table in spec.raw_tables if table.revisions_table]
    checks += [
        _known_countries_check(spec, table.name, table.country_code_column)
        for table in spec.raw_tables
        if table.country_code_column
    ]
    return checks


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
        with warehouse.connect_build(context.run.run_id) as con:
            meta.record_check(
                con, context.run.run_id, spec.name, table, "country_codes_known", passed, "ERROR", summary
            )
        return AssetCheckResult(
            passed=passed,
            severity=AssetCheckSeverity.ERROR,
            description=summary,
            metadata={"unknown_codes": MetadataValue.md(unknown.to_markdown(index=False) if not passed else "none")},
        )

    return check


def _revisions_check(spec: SourceSpec, table: str) -> AssetChecksDefinition:
    @asset_check(
        asset=raw_key(table),
        name="revision_share",
        blocking=False,
        description=(
            f"Warns when a refresh revises more than {MAX_REVISED_SHARE:.0%} of the historical values of "
            f"raw.{table} that the published vintage also has; the changes are in raw.{table}_revisions."
        ),
    )
    def check(context: AssetCheckExecutionContext, warehouse: Warehouse) -> AssetCheckResult:
        with warehouse.connect_build(context.run.run_id) as con:
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
        with warehouse.connect_build(context.run.run_id) as con:
            meta.record_check(con, context.run.run_id, spec.name, table, "revision_share", passed, "WARN", summary)
        return AssetCheckResult(
            passed=passed,
            severity=AssetCheckSeverity.WARN,
            description=summary,
            metadata={"compared": compared, "revised": revised, "withdrawn": withdrawn, "revised_share": share},
        )

    return check


def _coverage_columns(spec: SourceSpec, table: str) -> list[str]:
    raw_table = next(t for t in spec.raw_tables if t.name == table)
    columns = [raw_table.country_code_column] if raw_table.country_code_column else []
    return columns + (["year"] if "year" in raw_table.key else [])


def _expectations_check(spec: SourceSpec, table: str) -> AssetChecksDefinition:
    @asset_check(
        asset=raw_key(table),
        name="expectations",
        blocking=True,
        description=(
            f"Great Expectations suite for raw.{table}: columns, keys, types, value ranges; the row count is "
            f"at least {MIN_ROW_SHARE_OF_PUBLISHED:.0%} and the countries and years covered at least "
            f"{MIN_COVERAGE_SHARE_OF_PUBLISHED:.0%} of the published vintage's (real to real, sample to sample)."
        ),
    )
    def check(context: AssetCheckExecutionContext, warehouse: Warehouse) -> AssetCheckResult:
        with warehouse.connect_build(context.run.run_id) as con:
            frame = con.execute(f'select * from raw."{table}"').df()
            origin = con.execute(
                "select origin from meta.source_loads where table_name = ?", [table]
            ).fetchall()[0][0]
        outcome = validate_frame(frame, f"{spec.name}.{table}", SUITES[table](), warehouse.home_path / "data_docs")
        published_rows = _published_row_count(warehouse, table, origin)
        shrinks = []
        if published_rows and len(frame) < MIN_ROW_SHARE_OF_PUBLISHED * published_rows:
            shrinks.append(f"row count fell from {published_rows:,} (published) to {len(frame):,}")
        if published_rows:
            for column, before in _published_coverage(warehouse, table, _coverage_columns(spec, table)).items():
                now = frame[column].nunique()
                if now < MIN_COVERAGE_SHARE_OF_PUBLISHED * before:
                    shrinks.append(f"distinct {column} fell from {before:,} (published) to {now:,}")
        shrink = "; ".join(shrinks) or None
        passed = outcome.success and shrink is None
        summary = _summary(spec.name, table, outcome, shrink)
        with warehouse.connect_build(context.run.run_id) as con:
            meta.record_check(con, context.run.run_id, spec.name, table, "expectations", passed, "ERROR", summary)
        return AssetCheckResult(
            passed=passed,
            severity=AssetCheckSeverity.ERROR,
            description=summary,
            metadata={
                "expectations_evaluated": outcome.evaluated,
                "expectations_failed": len(outcome.failures),
                "rows": len(frame),
                "published_rows": published_rows or 0,
                "failures": MetadataValue.md(_failures_markdown(outcome) or "none"),
                "data_docs": MetadataValue.url(outcome.docs_url or ""),
            },
        )

    return check


def _published_row_count(warehouse: Warehouse, table: str, origin: str) -> int | None:
    """Rows of the published load of ``table``, when it came from the same kind of origin.

    A switch between the bundled sample and real files changes the row count by design, so
    only real-to-real (or sample-to-sample) refreshes are compared.
    """
    con = warehouse.connect_published()
    if con is None:
        return None
    try:
        found = con.execute(
            "select row_count, origin from meta.source_loads where table_name = ?", [table]
        ).fetchall()
        found = found[0] if found else None
    except duckdb.Error:
        return None
    finally:
        con.close()
    if found is None or (found[1] == "sample") != (origin == "sample"):
        return None
    return found[0]


def _published_coverage(warehouse: Warehouse, table: str, columns: list[str]) -> dict[str, int]:
    if not columns:
        return {}
    con = warehouse.connect_published()
    if con is None:
        return {}
    try:
        counts = con.execute(
            "select " + ", ".join(f"count(distinct {c})" for c in columns) + f' from raw."{table}"'
        ).fetchall()[0]
    except duckdb.Error:
        return {}
    finally:
        con.close()
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
